namespace Orleans.Video.Media;

/// <summary>
/// A segment whose ffmpeg never finished it (killed with its silo): MPEG-TS plays up to where it stops, except the
/// frame being written then. Finds where that frame begins, and how long the whole frames before it last.
/// </summary>
public static class TsCutShort
{
    private const int PacketSize = 188;
    private const byte Sync = 0x47;

    /// <returns>The whole frames' duration and byte length; null when fewer than two frames began (nothing whole).</returns>
    public static (TimeSpan Duration, long Length)? Measure(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        var packet = new byte[PacketSize];
        long offset = 0;
        long? firstPts = null;
        var (lastStart, lastPts) = (0L, 0L);
        while (file.ReadAtLeast(packet, PacketSize, throwOnEndOfStream: false) == PacketSize && packet[0] == Sync)
        {
            var unitStart = (packet[1] & 0x40) != 0;
            if (unitStart && TsKeyframes.PesPts(packet, (packet[3] >> 4) & 0x3) is { } pts)
            {
                firstPts ??= pts;
                (lastStart, lastPts) = (offset, pts);
            }
            offset += PacketSize;
        }
        // Each whole frame lasts until the next one begins; the last one to begin may be cut anywhere.
        return firstPts is { } first && lastPts > first ? (TimeSpan.FromSeconds((lastPts - first) / 90_000.0), lastStart) : null;
    }
}
