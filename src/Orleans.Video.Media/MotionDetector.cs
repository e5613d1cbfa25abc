using OpenCvSharp;

namespace Orleans.Video.Media;

/// <summary>
/// Decides, as Frigate does, whether a frame is worth a detector run: the frame's luma plane is shrunk to a small
/// grey image, blurred against sensor noise and compared with the previous analysed frame; enough changed pixels
/// is motion. A few hundred microseconds per frame instead of a detector run on a static scene. (A running
/// average background was tried first: an object that left kept "moving" for ten frames as its ghost faded.)
/// Changed pixels inside the camera's motion masks do not count, nor do masked pixels in the share that must change.
/// </summary>
public sealed class MotionDetector(IReadOnlyList<MotionMask>? masks = null) : IDisposable
{
    /// <summary>Width of the analysed image; small enough to be cheap, large enough for a person at 20 m.</summary>
    private const int AnalysisWidth = 160;

    /// <summary>A grey level change (0..255) above this is a changed pixel, below it noise and compression.</summary>
    private const double PixelThreshold = 25;

    /// <summary>Motion when at least this fraction of the analysed pixels changed.</summary>
    private const double MinChangedFraction = 0.002;

    private readonly Mat _grey = new();
    private readonly Mat _current = new();
    private readonly Mat _background = new();
    private readonly Mat _difference = new();
    private readonly Mat _changed = new();
    private readonly IReadOnlyList<MotionMask> _masks = masks ?? [];

    /// <summary>255 where a mask covers the analysed image; drawn for the image size and source size it was made for.</summary>
    private Mat? _masked;
    private (int Width, int Height, int SourceWidth, int SourceHeight) _maskedFor;
    private int _unmaskedPixels;

    /// <summary>True when the frame differs from the previous one outside the masks, and always for the first frame.</summary>
    /// <param name="i420">The frame as <see cref="I420"/>: only its luma plane, the grey image itself, is read.</param>
    /// <param name="sourceWidth">The source's size, which the masks' points are in; 0: the frame's own.</param>
    public unsafe bool HasMotion(ReadOnlySpan<byte> i420, int width, int height, int sourceWidth = 0, int sourceHeight = 0)
    {
        if (i420.Length < width * height)
        {
            throw new ArgumentException($"frame has {i420.Length} bytes, fewer than the {width}x{height} luma plane", nameof(i420));
        }
        var analysisHeight = Math.Max(1, height * AnalysisWidth / width);
        fixed (byte* data = i420)
        {
            using var luma = Mat.FromPixelData(height, width, MatType.CV_8UC1, (IntPtr)data);
            Cv2.Resize(luma, _grey, new Size(AnalysisWidth, analysisHeight), interpolation: InterpolationFlags.Area);
        }
        Cv2.GaussianBlur(_grey, _grey, new Size(5, 5), 0);
        _grey.ConvertTo(_current, MatType.CV_32FC1);
        if (_background.Empty() || _background.Size() != _current.Size())
        {
            _current.CopyTo(_background);
            return true;
        }
        Cv2.Absdiff(_current, _background, _difference);
        Cv2.Threshold(_difference, _changed, PixelThreshold, 255, ThresholdTypes.Binary);
        var counted = _changed.Rows * _changed.Cols;
        if (Masked(_changed.Cols, _changed.Rows, sourceWidth > 0 ? sourceWidth : width, sourceHeight > 0 ? sourceHeight : height) is { } masked)
        {
            _changed.SetTo(Scalar.All(0), masked);
            counted = _unmaskedPixels;
        }
        _current.CopyTo(_background);
        // Everything masked: nothing here is motion; the gate still runs the detector every few seconds.
        return counted > 0 && (double)Cv2.CountNonZero(_changed) / counted >= MinChangedFraction;
    }

    /// <summary>The masks drawn at the analysed size (made again when it or the source's size changes); null without masks.</summary>
    private Mat? Masked(int width, int height, int sourceWidth, int sourceHeight)
    {
        if (_masks.Count == 0)
        {
            return null;
        }
        if (_masked is not null && _maskedFor == (width, height, sourceWidth, sourceHeight))
        {
            return _masked;
        }
        _masked?.Dispose();
        _masked = new Mat(height, width, MatType.CV_8UC1, Scalar.All(0));
        var polygons = _masks.Select(mask => mask.Points.Select(p => new Point(
            (int)Math.Round(p.X * width / sourceWidth), (int)Math.Round(p.Y * height / sourceHeight))).ToArray()).ToArray();
        Cv2.FillPoly(_masked, polygons, Scalar.All(255));
        _unmaskedPixels = width * height - Cv2.CountNonZero(_masked);
        _maskedFor = (width, height, sourceWidth, sourceHeight);
        return _masked;
    }

    public void Dispose()
    {
        _grey.Dispose();
        _current.Dispose();
        _background.Dispose();
        _difference.Dispose();
        _changed.Dispose();
        _masked?.Dispose();
    }
}
