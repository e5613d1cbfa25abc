using System.Globalization;

namespace Orleans.Video.Silo.Api;

/// <summary>Paging cursors travel as "unixMilliseconds.sequence.index": opaque to clients, readable in logs.</summary>
public static class CursorCodec
{
    public static string Encode(DetectionCursor cursor) =>
        string.Create(CultureInfo.InvariantCulture, $"{cursor.Timestamp.ToUnixTimeMilliseconds()}.{cursor.Sequence}.{cursor.Index}");

    public static bool TryDecode(string? text, out DetectionCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        var parts = text.Split('.');
        if (parts.Length == 3
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && milliseconds <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            // The cursor's timestamp is rounded down to a millisecond; the sequence is what orders within a bucket.
            cursor = new DetectionCursor(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).AddMilliseconds(1), sequence, index);
            return true;
        }
        return false;
    }
}
