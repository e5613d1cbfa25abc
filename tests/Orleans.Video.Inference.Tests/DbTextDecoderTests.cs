namespace Orleans.Video.Inference.Tests;

public sealed class DbTextDecoderTests
{
    // 1280x720 into 640x640: content at y 140..500, input → source is x2.
    private static readonly Letterbox Hd = Letterbox.Fit(1280, 720, 640, 640);

    private static DbTextDecoder Decoder(float scoreThreshold = 0.25f) =>
        new(binaryThreshold: 0.3f, scoreThreshold, unclipRatio: 1.5f, minArea: 16, maxDetections: 100);

    private static void Paint(float[] map, int mapWidth, (int X, int Y, int W, int H) rect, float probability)
    {
        for (var y = rect.Y; y < rect.Y + rect.H; y++)
        {
            map.AsSpan(y * mapWidth + rect.X, rect.W).Fill(probability);
        }
    }

    /// <summary>Where DB puts a box found as <paramref name="rect"/> (input pixels): grown by area × 1.5 / perimeter, then mapped to the source.</summary>
    private static Box Expected((int X, int Y, int W, int H) rect)
    {
        var distance = rect.W * rect.H * 1.5f / (2f * (rect.W + rect.H));
        return Hd.ToSource(new Box(rect.X - distance, rect.Y - distance, rect.W + 2 * distance, rect.H + 2 * distance));
    }

    private static void AssertNear(Box expected, Box actual, float tolerance = 2)
    {
        Assert.InRange(actual.X, expected.X - tolerance, expected.X + tolerance);
        Assert.InRange(actual.Y, expected.Y - tolerance, expected.Y + tolerance);
        Assert.InRange(actual.Right, expected.Right - tolerance, expected.Right + tolerance);
        Assert.InRange(actual.Bottom, expected.Bottom - tolerance, expected.Bottom + tolerance);
    }

    [Fact]
    public void Two_text_regions_give_two_unclipped_boxes_in_source_pixels()
    {
        var map = new float[640 * 640];
        var first = (X: 100, Y: 200, W: 120, H: 40);
        var second = (X: 300, Y: 400, W: 200, H: 60);
        Paint(map, 640, first, 0.9f);
        Paint(map, 640, second, 0.8f);

        var detections = Decoder().Decode(map, [1, 1, 640, 640], 0, Hd);

        Assert.Equal(2, detections.Count);
        Assert.All(detections, d => Assert.Equal(("text", 0), (d.Label, d.ClassId)));
        Assert.Equal(0.9f, detections[0].Score, 1e-5f);
        Assert.Equal(0.8f, detections[1].Score, 1e-5f);
        // First: distance 22.5 → input (77.5, 177.5) 165x85 → source (155, 75) 330x170.
        Assert.Equal(new Box(155, 75, 330, 170), Expected(first));
        AssertNear(Expected(first), detections[0].Box);
        AssertNear(Expected(second), detections[1].Box);
    }

    [Fact]
    public void An_all_zero_map_gives_nothing()
    {
        Assert.Empty(Decoder().Decode(new float[640 * 640], [1, 1, 640, 640], 0, Hd));
    }

    [Fact]
    public void Regions_in_the_letterbox_padding_are_not_text()
    {
        var map = new float[640 * 640];
        Paint(map, 640, (100, 20, 120, 40), 0.9f);   // top padding (y < 140)
        Paint(map, 640, (100, 560, 120, 40), 0.9f);  // bottom padding (y ≥ 500)

        Assert.Empty(Decoder().Decode(map, [1, 1, 640, 640], 0, Hd));
    }

    [Fact]
    public void Weak_and_tiny_regions_are_dropped()
    {
        var map = new float[640 * 640];
        Paint(map, 640, (100, 200, 120, 40), 0.4f);  // above the binary threshold, mean below 0.5
        Paint(map, 640, (300, 300, 3, 3), 0.9f);     // 9 px < DbMinArea 16
        Paint(map, 640, (300, 400, 200, 60), 0.9f);

        var detection = Assert.Single(Decoder(scoreThreshold: 0.5f).Decode(map, [1, 1, 640, 640], 0, Hd));

        AssertNear(Expected((300, 400, 200, 60)), detection.Box);
    }

    [Fact]
    public void A_map_smaller_than_the_input_is_scaled_to_input_pixels()
    {
        // A quarter-resolution map (160x160 for a 640x640 input): map (25, 50) 30x10 is input (100, 200) 120x40.
        var map = new float[160 * 160];
        Paint(map, 160, (25, 50, 30, 10), 0.9f);

        var detection = Assert.Single(Decoder().Decode(map, [1, 1, 160, 160], 0, Hd));

        AssertNear(Expected((100, 200, 120, 40)), detection.Box);
    }

    [Fact]
    public void Each_batch_item_is_decoded_from_its_own_map()
    {
        var map = new float[2 * 640 * 640];
        Paint(map, 640, (100, 200, 120, 40), 0.9f);
        Paint(map, 640, (300, 640 + 400, 200, 60), 0.9f);

        var second = Assert.Single(Decoder().Decode(map, [2, 1, 640, 640], 1, Hd));

        AssertNear(Expected((300, 400, 200, 60)), second.Box);
    }
}
