using OpenCvSharp;

namespace Orleans.Video.Media;

/// <summary>
/// Decides, as Frigate does, whether a frame is worth a detector run: the frame's luma plane is shrunk to a small
/// grey image, blurred against sensor noise and compared with the previous analysed frame; enough changed pixels
/// is motion. A few hundred microseconds per frame instead of a detector run on a static scene. (A running
/// average background was tried first: an object that left kept "moving" for ten frames as its ghost faded.)
/// </summary>
public sealed class MotionDetector : IDisposable
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

    /// <summary>True when the frame differs from the previous one, and always for the first frame.</summary>
    /// <param name="i420">The frame as <see cref="I420"/>: only its luma plane, the grey image itself, is read.</param>
    public unsafe bool HasMotion(ReadOnlySpan<byte> i420, int width, int height)
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
        var fraction = (double)Cv2.CountNonZero(_changed) / (_changed.Rows * _changed.Cols);
        _current.CopyTo(_background);
        return fraction >= MinChangedFraction;
    }

    public void Dispose()
    {
        _grey.Dispose();
        _current.Dispose();
        _background.Dispose();
        _difference.Dispose();
        _changed.Dispose();
    }
}
