namespace Orleans.Video.Inference.Tests;

/// <summary>YOLOX's raw grid output decoded by hand-made rows: a known cell and stride gives a known box.</summary>
public sealed class YoloxDecoderTests
{
    private const int Size = 416;
    private static readonly string[] Labels = ["person", "car"];
    private static readonly YoloxGrid Grid = new(Size, Size, [8, 16, 32]);

    /// <summary>A [1, 3549, 7] output, all rows hopeless but the given ones (row → cx offset, cy offset, log w, log h, objectness, person, car).</summary>
    private static float[] Output(params (int Row, float[] Values)[] rows)
    {
        var data = new float[Grid.Cells * 7];
        foreach (var (row, values) in rows)
        {
            values.CopyTo(data, row * 7);
        }
        return data;
    }

    /// <summary>The row of cell (gx, gy) of the grid of <paramref name="stride"/>: grids in stride order, cells row by row.</summary>
    private static int Row(int stride, int gx, int gy) => stride switch
    {
        8 => gy * 52 + gx,
        16 => 52 * 52 + gy * 26 + gx,
        _ => 52 * 52 + 26 * 26 + gy * 13 + gx,
    };

    [Fact]
    public void The_grid_has_a_row_per_cell_of_every_stride()
    {
        Assert.Equal(52 * 52 + 26 * 26 + 13 * 13, Grid.Cells);
        Assert.Equal(3549, new YoloxGrid(416, 416, [8, 16, 32]).Cells);
        Assert.Equal(80 * 48 + 40 * 24 + 20 * 12, new YoloxGrid(640, 384, [8, 16, 32]).Cells);
    }

    [Fact]
    public void A_cell_of_stride_16_gives_its_box_in_source_pixels_through_a_top_left_letterbox()
    {
        // 832x624 into 416x416 at the top-left: scale 0.5, content 416x312, padding below only.
        var letterbox = LetterboxPlacement.TopLeft.Place(Letterbox.Fit(832, 624, Size, Size));
        Assert.Equal((0, 0, 416, 312), (letterbox.PadX, letterbox.PadY, letterbox.ContentWidth, letterbox.ContentHeight));
        // Cell (3, 2) of stride 16: centre ((0.5 + 3)·16, (0.5 + 2)·16) = (56, 40); size (2·16, 3·16) = 32x48.
        var output = Output((Row(16, 3, 2), [0.5f, 0.5f, MathF.Log(2), MathF.Log(3), 0.9f, 0.8f, 0.1f]));
        var decoder = new YoloDecoder(ModelFormat.Yolox, Labels, 0.25f, 0.45f, 100, Grid);

        var detection = Assert.Single(decoder.Decode(output, [1, Grid.Cells, 7], 0, letterbox));

        Assert.Equal(("person", 0), (detection.Label, detection.ClassId));
        Assert.Equal(0.9f * 0.8f, detection.Score, 1e-5f);
        // Input (40, 16)–(72, 64), doubled to source pixels.
        Assert.Equal(80, detection.Box.X, 1e-3f);
        Assert.Equal(32, detection.Box.Y, 1e-3f);
        Assert.Equal(64, detection.Box.Width, 1e-3f);
        Assert.Equal(96, detection.Box.Height, 1e-3f);
    }

    [Fact]
    public void Score_is_objectness_times_class_and_each_stride_scales_its_own_cells()
    {
        var output = Output(
            (Row(8, 10, 20), [0, 0, 0, 0, 0.5f, 0.2f, 0.9f]),     // car 0.45 at (80, 160), 8x8
            (Row(32, 12, 12), [1, 1, 0, 0, 0.95f, 0.3f, 0.1f]),   // person 0.285 at (416, 416), 32x32: its corner cell
            (Row(8, 0, 0), [0, 0, 0, 0, 0.2f, 1f, 1f]));          // objectness 0.2: below 0.25 whatever the class
        var decoder = new YoloDecoder(ModelFormat.Yolox, Labels, 0.25f, 0.45f, 100, Grid);

        var candidates = decoder.Candidates(output, [1, Grid.Cells, 7], 0).OrderBy(c => c.ClassId).ToArray();

        Assert.Equal(2, candidates.Length);
        Assert.Equal(new Box(400, 400, 32, 32), candidates[0].Box);
        Assert.Equal(0.285f, candidates[0].Score, 1e-5f);
        Assert.Equal(new Box(76, 156, 8, 8), candidates[1].Box);
        Assert.Equal(0.45f, candidates[1].Score, 1e-5f);
    }

    [Fact]
    public void An_output_whose_rows_are_not_the_grid_is_an_error()
    {
        var decoder = new YoloDecoder(ModelFormat.Yolox, Labels, 0.25f, 0.45f, 100, Grid);

        var error = Assert.Throws<ArgumentException>(() => decoder.Candidates(new float[100 * 7], [1, 100, 7], 0));

        Assert.Contains("3549 cells", error.Message);
    }

    [Fact]
    public void A_centred_letterbox_placed_top_left_keeps_its_content_and_scale()
    {
        var centred = Letterbox.Fit(1280, 720, 640, 640);
        var corner = LetterboxPlacement.TopLeft.Place(centred);

        Assert.Equal(140, centred.PadY);
        Assert.Equal((0, 0), (corner.PadX, corner.PadY));
        Assert.Equal((centred.ContentWidth, centred.ContentHeight, centred.Scale), (corner.ContentWidth, corner.ContentHeight, corner.Scale));
        // The same box in the input maps 140 input pixels (280 source pixels) lower with the content at the top.
        Assert.Equal(new Box(200, 0, 100, 100), centred.ToSource(new Box(100, 140, 50, 50)));
        Assert.Equal(new Box(200, 280, 100, 100), corner.ToSource(new Box(100, 140, 50, 50)));
        Assert.Equal(centred, LetterboxPlacement.Center.Place(centred));
    }
}
