using OpenCvSharp;

namespace Orleans.Video.Media;

/// <summary>
/// Keeps the newest frame whose detections are known, to render it with its boxes on request. It takes the frame's
/// own buffer when inference acknowledges the frame, so a box is never drawn on another frame than the one it was
/// found in, and no frame is copied for it.
/// </summary>
/// <param name="zones">The camera's zones, outlined on every snapshot so an operator can check where they lie.</param>
public sealed class SnapshotKeeper(IReadOnlyList<Zone>? zones = null)
{
    private static readonly Scalar Green = new(0, 255, 0);
    private static readonly Scalar Amber = new(0, 191, 255);
    private static readonly Scalar ZoneBlue = new(255, 160, 0);

    private (byte[] Planes, Letterbox Letterbox, IReadOnlyList<Detection> Detections)? _latest;

    /// <summary>The latest frame's source size, pixels; null before the first.</summary>
    public (int Width, int Height)? SourceSize => _latest is { } latest ? (latest.Letterbox.SourceWidth, latest.Letterbox.SourceHeight) : null;

    /// <summary>
    /// Makes an acknowledged frame the snapshot frame; the keeper owns <paramref name="planes"/> from now on. Returns
    /// the buffer of the frame it replaces, free for reuse (null for the first). Called on the grain's turn.
    /// </summary>
    public byte[]? Keep(byte[] planes, Letterbox letterbox, IReadOnlyList<Detection> detections)
    {
        var previous = _latest?.Planes;
        _latest = (planes, letterbox, detections);
        return previous;
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
