using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Orleans.Video.Silo.Api;

/// <summary>Event paging cursors travel as "startTicks.camera.event" with both ids base64url-encoded: opaque, URL-safe, exact.</summary>
public static class EventCursorCodec
{
    public static string Encode(EventCursor cursor) => string.Create(CultureInfo.InvariantCulture,
        $"{cursor.Start.UtcTicks}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(cursor.CameraId))}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(cursor.Id))}");

    public static bool TryDecode(string? text, out EventCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        var parts = text.Split('.');
        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !QueryTimes.InRange(ticks)
            || !TryDecodeText(parts[1], out var cameraId)
            || !TryDecodeText(parts[2], out var eventId))
        {
            return false;
        }
        cursor = new EventCursor(new DateTimeOffset(ticks, TimeSpan.Zero), cameraId, eventId);
        return true;
    }

    /// <summary>Base64url-encoded UTF-8, as the cursors carry ids.</summary>
    internal static bool TryDecodeText(string text, out string value)
    {
        value = "";
        if (!Base64Url.IsValid(text))
        {
            return false;
        }
        try
        {
            value = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(text));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
