namespace Orleans.Video.Inference;

/// <summary>
/// The SSD anchor centres BlazeFace's outputs are relative to, laid out as MediaPipe's SSD anchor calculator lays them
/// out: layers of the same stride share one grid; for each grid row, each column, each anchor of those layers, one
/// centre at ((x + 0.5) / columns, (y + 0.5) / rows) of the input. Anchors have a fixed size of 1 (the whole input), so
/// only their centres matter.
/// </summary>
internal static class BlazeFaceAnchors
{
    /// <summary>Short range (128x128): strides 8, 16, 16, 16 with 2 anchors per layer: 16x16x2 + 8x8x6 = 896.</summary>
    private static readonly (int Stride, int PerCell)[] ShortRange = [(8, 2), (16, 6)];

    /// <summary>Full range (192x192): one layer of stride 4 with 1 anchor: 48x48 = 2304.</summary>
    private static readonly (int Stride, int PerCell)[] FullRange = [(4, 1)];

    /// <summary>The centres (x, y interleaved, 0..1 of the input) for a model with <paramref name="count"/> anchors.</summary>
    /// <exception cref="InvalidOperationException">Neither BlazeFace layout gives that many anchors at this input size.</exception>
    public static float[] For(int inputWidth, int inputHeight, int count)
    {
        foreach (var layout in new[] { ShortRange, FullRange })
        {
            if (Count(layout, inputWidth, inputHeight) == count)
            {
                return Centres(layout, inputWidth, inputHeight);
            }
        }
        throw new InvalidOperationException(
            $"the model has {count} anchors; BlazeFace has {Count(ShortRange, inputWidth, inputHeight)} (short range) or " +
            $"{Count(FullRange, inputWidth, inputHeight)} (full range) at {inputWidth}x{inputHeight}: short range takes 128x128, full range 192x192 (InputWidth/InputHeight)");
    }

    private static int Count((int Stride, int PerCell)[] layout, int inputWidth, int inputHeight) =>
        layout.Sum(layer => Cells(inputWidth, layer.Stride) * Cells(inputHeight, layer.Stride) * layer.PerCell);

    private static int Cells(int size, int stride) => (size + stride - 1) / stride;

    private static float[] Centres((int Stride, int PerCell)[] layout, int inputWidth, int inputHeight)
    {
        var centres = new float[2 * Count(layout, inputWidth, inputHeight)];
        var i = 0;
        foreach (var (stride, perCell) in layout)
        {
            int columns = Cells(inputWidth, stride), rows = Cells(inputHeight, stride);
            for (var y = 0; y < rows; y++)
            {
                for (var x = 0; x < columns; x++)
                {
                    for (var a = 0; a < perCell; a++)
                    {
                        centres[i++] = (x + 0.5f) / columns;
                        centres[i++] = (y + 0.5f) / rows;
                    }
                }
            }
        }
        return centres;
    }
}
