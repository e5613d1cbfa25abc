namespace Orleans.Video.Media;

/// <summary>
/// A segment whose ffmpeg never finished it (killed with its silo): MPEG-TS plays up to where it stops, except the
/// frame being written then. Finds where that frame begins, and how long the whole frames before it last.
/// </summary>
public static class TsCutShort
{
    /// <returns>The whole frames' duration and byte length; null when fewer than two frames began (nothing whole).</returns>
    public static (TimeSpan Duration, long Length)? Measure(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        FrameStart? first = null, last = null;
        foreach (var frame in TsKeyframes.FrameStarts(file))
        {
            first ??= frame;
            last = frame;
        }
        // Each whole frame lasts until the next one begins; the last one to begin may be cut anywhere.
        return first is { } from && last is { } cut && cut.Pts > from.Pts
            ? (TimeSpan.FromSeconds((cut.Pts - from.Pts) / 90_000.0), cut.Offset)
            : null;
    }
}
