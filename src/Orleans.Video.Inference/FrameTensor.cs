using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Orleans.Video.Inference;

/// <summary>
/// Writes frames into one image slot [3, H, W] of a model's float input tensor: the letterbox content from the
/// packet's <see cref="I420"/> pixels converted to RGB, the padding around it, and each channel value v as
/// (v / 255 × range − mean) / std, in the model's channel order (range 1 for inputs of 0–1, 255 for raw byte values).
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
    /// <param name="pixelRange">What a full-scale pixel is before mean and std: 1, or 255 for raw byte values.</param>
    public FrameTensor(int inputWidth, int inputHeight, IReadOnlyList<float> mean, IReadOnlyList<float> std, byte padValue, bool rgb = true, float pixelRange = 1)
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
            // (v / 255 × range − mean) / std as one multiply and one add.
            _scale[c] = pixelRange / (255f * std[c]);
            _offset[c] = -mean[c] / std[c];
            _pad[c] = (padValue / 255f * pixelRange - mean[c]) / std[c];
        }
    }

    public static FrameTensor For(ModelDefinition model) =>
        new(model.InputWidth, model.InputHeight, model.Mean, model.Std, model.PadValue, model.ChannelOrder == ChannelOrder.Rgb, model.PixelRange);

    public int InputWidth { get; }

    public int InputHeight { get; }

    /// <summary>Floats in one image: 3 × H × W.</summary>
    public int ImageLength => 3 * InputWidth * InputHeight;

    public void Fill(Span<float> image, FramePacket frame) => Fill(image, frame.Planes.Bytes, frame.Letterbox);

    /// <summary>Fills <paramref name="image"/> (length <see cref="ImageLength"/>) from I420 content placed by <paramref name="letterbox"/>.</summary>
    public unsafe void Fill(Span<float> image, ReadOnlySpan<byte> i420, Letterbox letterbox)
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

        fixed (byte* lumaPlane = luma, uPlane = u, vPlane = v)
        fixed (float* tensor = image)
        {
            var rows = new Rows(tensor + _red * planeLength, tensor + planeLength, tensor + _blue * planeLength, width);
            for (var y = 0; y < contentHeight; y += 2)
            {
                var at = (padY + y) * width + padX;
                ConvertRowPair(
                    lumaPlane + y * contentWidth, contentWidth, Math.Min(2, contentHeight - y),
                    uPlane + y / 2 * chromaWidth, vPlane + y / 2 * chromaWidth, rows.Offset(at));
            }
        }
    }

    /// <summary>The three channel planes of the tensor at one pixel, and the distance between their rows.</summary>
    private readonly unsafe struct Rows(float* red, float* green, float* blue, int stride)
    {
        public readonly float* Red = red, Green = green, Blue = blue;
        public readonly int Stride = stride;

        public Rows Offset(int pixels) => new(Red + pixels, Green + pixels, Blue + pixels, Stride);
    }

    // The hot loop (≈230k pixels per 640x360 frame), 8 pixels of two rows at a time: both luma rows share one
    // chroma row, so each 4 U and 4 V bytes are widened, duplicated to 8 pixels and turned into red, green and
    // blue terms once, in registers. Pointers, because the bounds checks of the spans cost more than the
    // arithmetic; the caller sized everything from a checked letterbox.
    private unsafe void ConvertRowPair(byte* luma, int width, int rowCount, byte* u, byte* v, Rows output)
    {
        var x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var pairs = Vector128.Create((byte)0, 0, 1, 1, 2, 2, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0);
            var (zero, full) = (Vector256<float>.Zero, Vector256.Create(255f));
            var (redScale, greenScale, blueScale) = (Vector256.Create(_scale[_red]), Vector256.Create(_scale[1]), Vector256.Create(_scale[_blue]));
            var (redOffset, greenOffset, blueOffset) = (Vector256.Create(_offset[_red]), Vector256.Create(_offset[1]), Vector256.Create(_offset[_blue]));
            for (; x <= width - 8; x += 8)
            {
                var d = Widen(Vector128.Shuffle(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(u + x / 2)).AsByte(), pairs)) - Vector256.Create(128f);
                var e = Widen(Vector128.Shuffle(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(v + x / 2)).AsByte(), pairs)) - Vector256.Create(128f);
                var redTerm = e * RedFromV;
                var greenTerm = Vector256.MultiplyAddEstimate(d, Vector256.Create(GreenFromU), e * GreenFromV);
                var blueTerm = d * BlueFromU;
                for (var row = 0; row < rowCount; row++)
                {
                    var level = Widen(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(luma + row * width + x)).AsByte());
                    var grey = (level - Vector256.Create(16f)) * LumaScale;
                    var at = row * output.Stride + x;
                    Vector256.MultiplyAddEstimate(Vector256.Clamp(grey + redTerm, zero, full), redScale, redOffset).Store(output.Red + at);
                    Vector256.MultiplyAddEstimate(Vector256.Clamp(grey + greenTerm, zero, full), greenScale, greenOffset).Store(output.Green + at);
                    Vector256.MultiplyAddEstimate(Vector256.Clamp(grey + blueTerm, zero, full), blueScale, blueOffset).Store(output.Blue + at);
                }
            }
        }
        for (; x < width; x++)
        {
            float d = u[x / 2] - 128, e = v[x / 2] - 128;
            float redTerm = RedFromV * e, greenTerm = GreenFromU * d + GreenFromV * e, blueTerm = BlueFromU * d;
            for (var row = 0; row < rowCount; row++)
            {
                var grey = (luma[row * width + x] - 16f) * LumaScale;
                var at = row * output.Stride + x;
                output.Red[at] = Math.Clamp(grey + redTerm, 0f, 255f) * _scale[_red] + _offset[_red];
                output.Green[at] = Math.Clamp(grey + greenTerm, 0f, 255f) * _scale[1] + _offset[1];
                output.Blue[at] = Math.Clamp(grey + blueTerm, 0f, 255f) * _scale[_blue] + _offset[_blue];
            }
        }
    }

    /// <summary>The low 8 bytes of <paramref name="bytes"/> as 8 floats.</summary>
    private static Vector256<float> Widen(Vector128<byte> bytes) =>
        Vector256.ConvertToSingle(Vector256.WidenLower(Vector128.WidenLower(bytes).ToVector256Unsafe()).AsInt32());

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
