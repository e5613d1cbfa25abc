using OpenCvSharp;

namespace Orleans.Video.Media;

/// <summary>
/// Keeps the newest frame whose detections are known, to render it with its boxes on request. Frames are
/// copied when published and matched with their own detections when inference acknowledges them, so a box
/// is never drawn on a later frame than the one it was found in.
/// </summary>
/// <param name="capacity">Frames kept while they wait for their detections.</param>
/// <param name="zones">The camera's zones, outlined on every snapshot so an operator can check where they lie.</param>
public sealed class SnapshotKeeper(int capacity, IReadOnlyList<Zone>? zones = null)
{
    private static readonly Scalar Green = new(0, 255, 0);
    private static readonly Scalar Amber = new(0, 191, 255);
    private static readonly Scalar ZoneBlue = new(255, 160, 0);

    private readonly Dictionary<long, (byte[] Planes, Letterbox Letterbox, DateTimeOffset Timestamp, TimeSpan SourceTime)> _pending = [];
    private (byte[] Planes, Letterbox Letterbox, IReadOnlyList<Detection> Detections)? _latest;
    // Copies no longer needed, for the next captures. A new buffer is made only when none is spare, so the keeper
    // never holds more than capacity + 1. (A single spare field was lost whenever two frames completed between
    // captures, and every such capture allocated a frame anew.)
    private readonly FrameBufferPool _spares = new();

    /// <summary>Copies a frame about to be published (called on the grain's turn, never concurrently).</summary>
    public void Capture(long sequence, byte[] planes, Letterbox letterbox, DateTimeOffset timestamp, TimeSpan sourceTime)
    {
        if (_pending.Count >= capacity)
        {
            // Unacknowledged frames beyond the in-flight limit were lost: forget the oldest.
            var oldest = _pending.Keys.Min();
            _spares.Return(_pending[oldest].Planes);
            _pending.Remove(oldest);
        }
        var copy = _spares.Rent(planes.Length);
        planes.CopyTo(copy, 0);
        _pending[sequence] = (copy, letterbox, timestamp, sourceTime);
    }

    /// <summary>Inference finished <paramref name="sequence"/>: it becomes the frame snapshots show.</summary>
    /// <returns>When the frame was decoded and where it is in the source; null when it was not captured or already forgotten.</returns>
    public (DateTimeOffset Timestamp, TimeSpan SourceTime)? Complete(long sequence, IReadOnlyList<Detection> detections)
    {
        if (!_pending.Remove(sequence, out var frame))
        {
            return null;
        }
        if (_latest is { } previous)
        {
            _spares.Return(previous.Planes);
        }
        _latest = (frame.Planes, frame.Letterbox, detections);
        return (frame.Timestamp, frame.SourceTime);
    }

    /// <summary>The newest acknowledged frame at the letterbox content size with its boxes drawn, as JPEG; null before the first.</summary>
    /// <param name="highlight">An object to draw apart from the others (an event's), with its own caption.</param>
    public byte[]? RenderJpeg((Box Box, string Caption)? highlight = null)
    {
        if (_latest is not { } latest)
        {
            return null;
        }
        var (planes, letterbox, detections) = latest;
        int width = letterbox.ContentWidth, height = letterbox.ContentHeight;
        using var image = ToBgr(planes, width, height);
        var sx = (float)width / letterbox.SourceWidth;
        var sy = (float)height / letterbox.SourceHeight;
        foreach (var zone in zones ?? [])
        {
            var outline = zone.Points.Select(p => new Point(p.X * sx, p.Y * sy)).ToArray();
            Cv2.Polylines(image, [outline], isClosed: true, ZoneBlue, 1, LineTypes.AntiAlias);
            Cv2.PutText(image, zone.Name, outline[0] + new Point(4, 14), HersheyFonts.HersheySimplex, 0.45, ZoneBlue, 1, LineTypes.AntiAlias);
        }
        foreach (var detection in detections)
        {
            if (highlight is null || detection.Box != highlight.Value.Box)
            {
                Draw(image, detection.Box, $"{detection.Label} {detection.Score:0.00}", sx, sy, Green, highlight is null ? 2 : 1);
            }
        }
        if (highlight is { } focus)
        {
            Draw(image, focus.Box, focus.Caption, sx, sy, Amber, 3);
        }
        Cv2.ImEncode(".jpg", image, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, 80));
        return jpeg;
    }

    private static void Draw(Mat image, Box box, string caption, float sx, float sy, Scalar colour, int thickness)
    {
        var rect = new Rect((int)(box.X * sx), (int)(box.Y * sy), Math.Max(1, (int)(box.Width * sx)), Math.Max(1, (int)(box.Height * sy)));
        Cv2.Rectangle(image, rect, colour, thickness);
        Cv2.PutText(image, caption, new Point(rect.X, Math.Max(12, rect.Y - 4)), HersheyFonts.HersheySimplex, 0.45, colour, 1, LineTypes.AntiAlias);
    }

    /// <summary>The I420 frame as one packed BGR image (OpenCV draws and encodes BGR).</summary>
    private static unsafe Mat ToBgr(byte[] i420, int width, int height)
    {
        var image = new Mat();
        fixed (byte* data = i420)
        {
            // OpenCV sees I420 as one grey image 1.5 times as tall: the luma rows, then U's and V's.
            using var yuv = Mat.FromPixelData(height * 3 / 2, width, MatType.CV_8UC1, (IntPtr)data);
            Cv2.CvtColor(yuv, image, ColorConversionCodes.YUV2BGR_I420);
        }
        return image;
    }
}
