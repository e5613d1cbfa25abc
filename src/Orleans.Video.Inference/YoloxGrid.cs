namespace Orleans.Video.Inference;

/// <summary>
/// The grid cells behind the rows of a YOLOX output: for each stride in turn, every cell of an input of
/// <c>width x height</c> pixels cut into <c>stride</c>-pixel squares, row by row. Row r's box is relative to its cell.
/// </summary>
public sealed class YoloxGrid
{
    private readonly float[] _x;
    private readonly float[] _y;
    private readonly float[] _stride;

    public YoloxGrid(int inputWidth, int inputHeight, IReadOnlyList<int> strides)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputHeight);
        if (strides.Count == 0 || strides.Any(s => s <= 0))
        {
            throw new ArgumentException($"strides must be positive, got [{string.Join(",", strides)}]", nameof(strides));
        }
        Cells = strides.Sum(s => inputWidth / s * (inputHeight / s));
        (_x, _y, _stride) = (new float[Cells], new float[Cells], new float[Cells]);
        var row = 0;
        foreach (var stride in strides)
        {
            for (var gy = 0; gy < inputHeight / stride; gy++)
            {
                for (var gx = 0; gx < inputWidth / stride; gx++, row++)
                {
                    (_x[row], _y[row], _stride[row]) = (gx, gy, stride);
                }
            }
        }
    }

    public static YoloxGrid For(ModelDefinition model) => new(model.InputWidth, model.InputHeight, model.Strides);

    /// <summary>Rows the output has: one per cell of every stride.</summary>
    public int Cells { get; }

    /// <summary>Row <paramref name="row"/>'s raw box (offsets in its cell, log sizes in strides) in input pixels.</summary>
    public Box Decode(int row, float dx, float dy, float logWidth, float logHeight)
    {
        var stride = _stride[row];
        var (w, h) = (MathF.Exp(logWidth) * stride, MathF.Exp(logHeight) * stride);
        return new Box((dx + _x[row]) * stride - w / 2, (dy + _y[row]) * stride - h / 2, w, h);
    }
}
