using System.Buffers;
using System.Runtime.Intrinsics;

namespace Orleans.Video.Inference;

/// <summary>
/// Writes frames into one image slot [3, H, W] of a model's float input tensor: the letterbox content from the
/// packet's <see cref="I420"/> pixels converted to RGB, the padding around it, and each channel value v as
/// (v / 255 − mean) / std, in the model's channel order.
/// </summary>
/// <remarks>
/// YUV to RGB is BT.601 with limited range (16–235), as ffmpeg's and OpenCV's default conversions do; the result is
/// clamped to 0..255 before it is normalised.
/// </remarks>
public sealed class FrameTensor
{
    private const float LumaScale = 1.164383f, RedFromV = 1.596027f, GreenFromU = -0.391762f, GreenFromV = -0.812968f, BlueFromU = 2.017232f;

    private readonly float[] _scale = new float[3];
    private readonly float[] _offset = new float[3];
    private readonly float[] _pad = new float[3];
    private readonly int _red;
    private readonly int _blue;

    /// <param name="rgb">Channel order of the tensor: red first when true, blue first otherwise.</param>
    public FrameTensor(int inputWidth, int inputHeight, IReadOnlyList<float> mean, IReadOnlyList<float> std, byte padValue, bool rgb = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputHeight);
        if (mean.Count != 3 || std.Count != 3)
        {
            throw new ArgumentException("mean and std need one value per channel (3)");
        }
        InputWidth = inputWidth;
        InputHeight = inputHeight;
        (_red, _blue) = rgb ? (0, 2) : (2, 0);
        for (var c = 0; c < 3; c++)
        {
            // (v / 255 − mean) / std as one multiply and one add.
            _scale[c] = 1f / (255f * std[c]);
            _offset[c] = -mean[c] / std[c];
            _pad[c] = (padValue / 255f - mean[c]) / std[c];
        }
    }

    public static FrameTensor For(ModelDefinition model) =>
        new(model.InputWidth, model.InputHeight, model.Mean, model.Std, model.PadValue, model.ChannelOrder == ChannelOrder.Rgb);

    public int InputWidth { get; }

    public int InputHeight { get; }

    /// <summary>Floats in one image: 3 × H × W.</summary>
    public int ImageLength => 3 * InputWidth * InputHeight;

    public void Fill(Span<float> image, FramePacket frame) => Fill(image, frame.Planes, frame.Letterbox);

    /// <summary>Fills <paramref name="image"/> (length <see cref="ImageLength"/>) from I420 content placed by <paramref name="letterbox"/>.</summary>
    public void Fill(Span<float> image, ReadOnlySpan<byte> i420, Letterbox letterbox)
    {
        Validate(image, i420.Length, letterbox);
        int width = InputWidth, height = InputHeight;
        int contentWidth = letterbox.ContentWidth, contentHeight = letterbox.ContentHeight;
        int padX = letterbox.PadX, padY = letterbox.PadY;
        var planeLength = width * height;
        var lumaLength = contentWidth * contentHeight;
        var chromaWidth = (contentWidth + 1) / 2;
        var chromaLength = I420.ChromaLength(contentWidth, contentHeight);
        var luma = i420[..lumaLength];
        var u = i420.Slice(lumaLength, chromaLength);
        var v = i420.Slice(lumaLength + chromaLength, chromaLength);

        for (var c = 0; c < 3; c++)
        {
            var plane = image.Slice(c * planeLength, planeLength);
            plane[..(padY * width)].Fill(_pad[c]);
            for (var y = 0; y < contentHeight; y++)
            {
                var row = plane.Slice((padY + y) * width, width);
                row[..padX].Fill(_pad[c]);
                row[(padX + contentWidth)..].Fill(_pad[c]);
            }
            plane[((padY + contentHeight) * width)..].Fill(_pad[c]);
        }

        // Each chroma row serves two luma rows: its red, green and blue terms are worked out once per pair,
        // widened to one value per pixel so that the per-pixel loop is plain vector arithmetic.
        var terms = ArrayPool<float>.Shared.Rent(3 * contentWidth);
        try
        {
            var redTerm = terms.AsSpan(0, contentWidth);
            var greenTerm = terms.AsSpan(contentWidth, contentWidth);
            var blueTerm = terms.AsSpan(2 * contentWidth, contentWidth);
            for (var y = 0; y < contentHeight; y++)
            {
                if (y % 2 == 0)
                {
                    ChromaTerms(u.Slice(y / 2 * chromaWidth, chromaWidth), v.Slice(y / 2 * chromaWidth, chromaWidth), redTerm, greenTerm, blueTerm);
                }
                var at = (padY + y) * width + padX;
                ConvertRow(
                    luma.Slice(y * contentWidth, contentWidth), redTerm, greenTerm, blueTerm,
                    image.Slice(_red * planeLength + at, contentWidth),
                    image.Slice(planeLength + at, contentWidth),
                    image.Slice(_blue * planeLength + at, contentWidth));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(terms);
        }
    }

    private static void ChromaTerms(ReadOnlySpan<byte> u, ReadOnlySpan<byte> v, Span<float> red, Span<float> green, Span<float> blue)
    {
        for (var x = 0; x < red.Length; x++)
        {
            float d = u[x / 2] - 128, e = v[x / 2] - 128;
            red[x] = RedFromV * e;
            green[x] = GreenFromU * d + GreenFromV * e;
            blue[x] = BlueFromU * d;
        }
    }

    // The hot loop (≈230k pixels per 640x360 frame), 8 pixels at a time. Pointers, because the bounds checks of
    // seven spans per pixel cost more than the arithmetic; the slices were sized by the caller, so lengths match.
    private unsafe void ConvertRow(
        ReadOnlySpan<byte> luma, ReadOnlySpan<float> redTerm, ReadOnlySpan<float> greenTerm, ReadOnlySpan<float> blueTerm,
        Span<float> red, Span<float> green, Span<float> blue)
    {
        var (r, g, b) = (_red, 1, _blue);
        fixed (byte* y = luma)
        fixed (float* rt = redTerm, gt = greenTerm, bt = blueTerm, ro = red, go = green, bo = blue)
        {
            var x = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var lumaScale = Vector256.Create(LumaScale);
                var black = Vector256.Create(16f);
                var (lowest, highest) = (Vector256<float>.Zero, Vector256.Create(255f));
                for (; x <= luma.Length - 8; x += 8)
                {
                    var bytes = Vector128.CreateScalarUnsafe(*(ulong*)(y + x)).AsByte();
                    var level = Vector256.ConvertToSingle(Vector256.WidenLower(Vector128.WidenLower(bytes).ToVector256Unsafe()).AsInt32());
                    var grey = (level - black) * lumaScale;
                    Store(Vector256.Clamp(grey + Vector256.Load(rt + x), lowest, highest), ro + x, r);
                    Store(Vector256.Clamp(grey + Vector256.Load(gt + x), lowest, highest), go + x, g);
                    Store(Vector256.Clamp(grey + Vector256.Load(bt + x), lowest, highest), bo + x, b);
                }
            }
            for (; x < luma.Length; x++)
            {
                var grey = (y[x] - 16f) * LumaScale;
                ro[x] = Math.Clamp(grey + rt[x], 0f, 255f) * _scale[r] + _offset[r];
                go[x] = Math.Clamp(grey + gt[x], 0f, 255f) * _scale[g] + _offset[g];
                bo[x] = Math.Clamp(grey + bt[x], 0f, 255f) * _scale[b] + _offset[b];
            }
        }
    }

    private unsafe void Store(Vector256<float> value, float* to, int channel) =>
        (value * Vector256.Create(_scale[channel]) + Vector256.Create(_offset[channel])).Store(to);

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
            image.Slice(c * planeLength, planeLength).Fill(_pad[c]);
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
        var expected = I420.Length(letterbox.ContentWidth, letterbox.ContentHeight);
        if (planesLength != expected)
        {
            return $"planes hold {planesLength} bytes, expected {expected} for {letterbox.ContentWidth}x{letterbox.ContentHeight} content in I420 (luma, then U and V at half width and height)";
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
