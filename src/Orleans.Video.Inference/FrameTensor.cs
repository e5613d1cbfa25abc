using System.Runtime.Intrinsics;

namespace Orleans.Video.Inference;

/// <summary>
/// Writes frames into one image slot [3, H, W] of a model's float input tensor: the letterbox content from
/// the packet's planes, the padding around it, each byte v as (v / 255 − mean) / std of its channel.
/// </summary>
public sealed class FrameTensor
{
    // One 256-entry lookup table per channel: the padding values, and the bytes at a row's end that do not fill a vector.
    private readonly float[] _lookup = new float[3 * 256];
    private readonly byte _padValue;
    private readonly float[] _mean;
    private readonly float[] _std;

    public FrameTensor(int inputWidth, int inputHeight, IReadOnlyList<float> mean, IReadOnlyList<float> std, byte padValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputHeight);
        if (mean.Count != 3 || std.Count != 3)
        {
            throw new ArgumentException("mean and std need one value per channel (3)");
        }
        InputWidth = inputWidth;
        InputHeight = inputHeight;
        _padValue = padValue;
        _mean = [.. mean];
        _std = [.. std];
        for (var c = 0; c < 3; c++)
        {
            for (var v = 0; v < 256; v++)
            {
                _lookup[c * 256 + v] = (v / 255f - mean[c]) / std[c];
            }
        }
    }

    public static FrameTensor For(ModelDefinition model) =>
        new(model.InputWidth, model.InputHeight, model.Mean, model.Std, model.PadValue);

    public int InputWidth { get; }

    public int InputHeight { get; }

    /// <summary>Floats in one image: 3 × H × W.</summary>
    public int ImageLength => 3 * InputWidth * InputHeight;

    public void Fill(Span<float> image, FramePacket frame) => Fill(image, frame.Planes, frame.Letterbox);

    /// <summary>Fills <paramref name="image"/> (length <see cref="ImageLength"/>) from planar content bytes placed by <paramref name="letterbox"/>.</summary>
    public void Fill(Span<float> image, ReadOnlySpan<byte> planes, Letterbox letterbox)
    {
        Validate(image, planes.Length, letterbox);
        int width = InputWidth, height = InputHeight;
        int contentWidth = letterbox.ContentWidth, contentHeight = letterbox.ContentHeight;
        int padX = letterbox.PadX, padY = letterbox.PadY;
        var planeLength = width * height;
        var contentLength = contentWidth * contentHeight;
        for (var c = 0; c < 3; c++)
        {
            ReadOnlySpan<float> lookup = _lookup.AsSpan(c * 256, 256);
            var pad = lookup[_padValue];
            var destination = image.Slice(c * planeLength, planeLength);
            var source = planes.Slice(c * contentLength, contentLength);
            destination[..(padY * width)].Fill(pad);
            for (var y = 0; y < contentHeight; y++)
            {
                var row = destination.Slice((padY + y) * width, width);
                row[..padX].Fill(pad);
                Normalize(source.Slice(y * contentWidth, contentWidth), row.Slice(padX, contentWidth), lookup, _mean[c], _std[c]);
                row[(padX + contentWidth)..].Fill(pad);
            }
            destination[((padY + contentHeight) * width)..].Fill(pad);
        }
    }

    // The hot loop (≈230k pixels x 3 per 640x360 frame), 32 bytes at a time: widened to 32-bit integers,
    // converted to float and normalised with the same operations in the same order as the lookup table, so
    // both give identical floats. A table lookup per byte cannot be vectorised and took ~10 % of the silo's CPU.
    private static unsafe void Normalize(ReadOnlySpan<byte> source, Span<float> destination, ReadOnlySpan<float> lookup, float mean, float std)
    {
        fixed (byte* from = source)
        fixed (float* to = destination)
        fixed (float* table = lookup)
        {
            var x = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var scale = Vector256.Create(255f);
                var offset = Vector256.Create(mean);
                var divisor = Vector256.Create(std);
                for (; x <= destination.Length - 32; x += 32)
                {
                    var (low, high) = Vector256.Widen(Vector256.Load(from + x));
                    Store(Vector256.Widen(low), to + x, scale, offset, divisor);
                    Store(Vector256.Widen(high), to + x + 16, scale, offset, divisor);
                }
            }
            for (; x < destination.Length; x++)
            {
                to[x] = table[from[x]];
            }
        }
    }

    private static unsafe void Store((Vector256<uint> Lower, Vector256<uint> Upper) values, float* to, Vector256<float> scale, Vector256<float> offset, Vector256<float> divisor)
    {
        ((Vector256.ConvertToSingle(values.Lower.AsInt32()) / scale - offset) / divisor).Store(to);
        ((Vector256.ConvertToSingle(values.Upper.AsInt32()) / scale - offset) / divisor).Store(to + 8);
    }

    /// <summary>Fills the whole image with the padding value (a blank frame, as used for warm-up).</summary>
    public void FillBlank(Span<float> image)
    {
        if (image.Length != ImageLength)
        {
            throw new ArgumentException($"image slot holds {image.Length} floats, expected 3x{InputHeight}x{InputWidth} = {ImageLength}", nameof(image));
        }
        var planeLength = InputWidth * InputHeight;
        for (var c = 0; c < 3; c++)
        {
            image.Slice(c * planeLength, planeLength).Fill(_lookup[c * 256 + _padValue]);
        }
    }

    /// <summary>Why a frame cannot fill this tensor, or null when it can.</summary>
    public string? Check(int planesLength, Letterbox letterbox) => Check(InputWidth, InputHeight, planesLength, letterbox);

    /// <summary>Why a frame's planes cannot be the letterbox content of a model input of this size, or null when they can.</summary>
    public static string? Check(int inputWidth, int inputHeight, int planesLength, Letterbox letterbox)
    {
        if (letterbox.InputWidth != inputWidth || letterbox.InputHeight != inputHeight)
        {
            return $"letterbox input size {letterbox.InputWidth}x{letterbox.InputHeight} differs from the model input {inputWidth}x{inputHeight}";
        }
        if (letterbox.ContentWidth <= 0 || letterbox.ContentHeight <= 0 || letterbox.PadX < 0 || letterbox.PadY < 0
            || letterbox.PadX + letterbox.ContentWidth > inputWidth || letterbox.PadY + letterbox.ContentHeight > inputHeight)
        {
            return $"letterbox content {letterbox.ContentWidth}x{letterbox.ContentHeight} at ({letterbox.PadX},{letterbox.PadY}) does not fit the input {inputWidth}x{inputHeight}";
        }
        var expected = (long)letterbox.ContentWidth * letterbox.ContentHeight * 3;
        if (planesLength != expected)
        {
            return $"planes hold {planesLength} bytes, expected ContentWidth x ContentHeight x 3 = {letterbox.ContentWidth}x{letterbox.ContentHeight}x3 = {expected}";
        }
        return null;
    }

    private void Validate(Span<float> image, int planesLength, Letterbox letterbox)
    {
        if (image.Length != ImageLength)
        {
            throw new ArgumentException($"image slot holds {image.Length} floats, expected 3x{InputHeight}x{InputWidth} = {ImageLength}", nameof(image));
        }
        if (Check(planesLength, letterbox) is { } problem)
        {
            throw new ArgumentException(problem, nameof(letterbox));
        }
    }
}
