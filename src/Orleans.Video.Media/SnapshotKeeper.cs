using OpenCvSharp;

namespace Orleans.Video.Media;

/// <summary>
/// Keeps the newest frame whose detections are known, to render it with its boxes on request. Frames are
/// copied when published and matched with their own detections when inference acknowledges them, so a box
/// is never drawn on a later frame than the one it was found in.
/// </summary>
public sealed class SnapshotKeeper(int capacity)
{
    private readonly Dictionary<long, (byte[] Planes, Letterbox Letterbox)> _pending = [];
    private (byte[] Planes, Letterbox Letterbox, IReadOnlyList<Detection> Detections, bool Rgb)? _latest;
    private byte[]? _spare;

    /// <summary>Copies a frame about to be published (called on the grain's turn, never concurrently).</summary>
    public void Capture(long sequence, byte[] planes, Letterbox letterbox)
    {
        if (_pending.Count >= capacity)
        {
            // Unacknowledged frames beyond the in-flight limit were lost: forget the oldest.
            var oldest = _pending.Keys.Min();
            _spare = _pending[oldest].Planes;
            _pending.Remove(oldest);
        }
        var copy = _spare is { } spare && spare.Length == planes.Length ? spare : new byte[planes.Length];
        _spare = null;
        planes.CopyTo(copy, 0);
        _pending[sequence] = (copy, letterbox);
    }

    /// <summary>Inference finished <paramref name="sequence"/>: it becomes the frame snapshots show.</summary>
    public void Complete(long sequence, IReadOnlyList<Detection> detections, bool rgb)
    {
        if (!_pending.Remove(sequence, out var frame))
        {
            return;
        }
        if (_latest is { } previous)
        {
            _spare = previous.Planes;
        }
        _latest = (frame.Planes, frame.Letterbox, detections, rgb);
    }

    /// <summary>The newest acknowledged frame at the letterbox content size with its boxes drawn, as JPEG; null before the first.</summary>
    public byte[]? RenderJpeg()
    {
        if (_latest is not { } latest)
        {
            return null;
        }
        var (planes, letterbox, detections, rgb) = latest;
        int width = letterbox.ContentWidth, height = letterbox.ContentHeight;
        using var image = Merge(planes, width, height, rgb);
        var sx = (float)width / letterbox.SourceWidth;
        var sy = (float)height / letterbox.SourceHeight;
        foreach (var detection in detections)
        {
            var box = detection.Box;
            var rect = new Rect((int)(box.X * sx), (int)(box.Y * sy), Math.Max(1, (int)(box.Width * sx)), Math.Max(1, (int)(box.Height * sy)));
            Cv2.Rectangle(image, rect, new Scalar(0, 255, 0), 2);
            Cv2.PutText(image, $"{detection.Label} {detection.Score:0.00}", new Point(rect.X, Math.Max(12, rect.Y - 4)),
                HersheyFonts.HersheySimplex, 0.45, new Scalar(0, 255, 0), 1, LineTypes.AntiAlias);
        }
        Cv2.ImEncode(".jpg", image, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, 80));
        return jpeg;
    }

    /// <summary>Planar channels back to one packed BGR image (OpenCV draws and encodes BGR).</summary>
    private static unsafe Mat Merge(byte[] planes, int width, int height, bool rgb)
    {
        var image = new Mat();
        var size = width * height;
        fixed (byte* data = planes)
        {
            using var p0 = Mat.FromPixelData(height, width, MatType.CV_8UC1, (IntPtr)data);
            using var p1 = Mat.FromPixelData(height, width, MatType.CV_8UC1, (IntPtr)(data + size));
            using var p2 = Mat.FromPixelData(height, width, MatType.CV_8UC1, (IntPtr)(data + 2 * size));
            Cv2.Merge(rgb ? [p2, p1, p0] : [p0, p1, p2], image);
        }
        return image;
    }
}
