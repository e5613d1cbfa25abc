using System.Globalization;

namespace Orleans.Video.Media;

/// <summary>
/// Reads ffmpeg's segment list (<c>-segment_list_type csv</c>) as it grows: "00003.ts,12.000000,16.000000" per
/// finished segment, times in seconds from the first packet. Only whole lines are taken: ffmpeg may be halfway
/// through writing the last one.
/// </summary>
public sealed class SegmentList(string path)
{
    private long _offset;

    public string Path => path;

    /// <summary>Segments listed since the last call; none when the list does not exist yet.</summary>
    public IReadOnlyList<ListedSegment> ReadNew()
    {
        byte[] bytes;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (file.Length <= _offset)
            {
                return [];
            }
            file.Position = _offset;
            bytes = new byte[file.Length - _offset];
            file.ReadExactly(bytes);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
        var complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        _offset += complete;
        var segments = new List<ListedSegment>();
        foreach (var line in System.Text.Encoding.UTF8.GetString(bytes, 0, complete).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Parse(line.TrimEnd('\r')) is { } segment)
            {
                segments.Add(segment);
            }
        }
        return segments;
    }

    public static ListedSegment? Parse(string line)
    {
        var parts = line.Split(',');
        return parts.Length == 3
            && parts[0].Length > 0 && parts[0].IndexOfAny(['/', '\\']) < 0 && parts[0] != ".."
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var start)
            && double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var end)
            && double.IsFinite(start) && double.IsFinite(end) && end > start
            ? new ListedSegment(parts[0], TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end))
            : null;
    }
}

/// <summary>One line of a segment list: a finished file and its stream times.</summary>
public sealed record ListedSegment(string FileName, TimeSpan Start, TimeSpan End);
