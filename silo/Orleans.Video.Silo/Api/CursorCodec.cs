using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Orleans.Video.Silo.Api;

/// <summary>
/// Detection paging cursors travel as "timeTicks.sequence.index.camera", the camera base64url-encoded: opaque to
/// clients, URL-safe, and exact (the frame time to the tick, as stored), so a page across cameras resumes where it stopped.
/// </summary>
public static class CursorCodec
{
    public static string Encode(DetectionCursor cursor) => string.Create(CultureInfo.InvariantCulture,
        $"{cursor.Timestamp.UtcTicks}.{cursor.Sequence}.{cursor.Index}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(cursor.CameraId))}");

    public static bool TryDecode(string? text, out DetectionCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        var parts = text.Split('.');
        if (parts.Length != 4
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !QueryTimes.InRange(ticks)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !EventCursorCodec.TryDecodeText(parts[3], out var camera))
        {
            return false;
        }
        cursor = new DetectionCursor(new DateTimeOffset(ticks, TimeSpan.Zero), sequence, index, camera);
        return true;
    }
}
