namespace Orleans.Video.Media;

/// <summary>
/// Finds where the keyframes of a recorded MPEG-TS segment start, by reading its 188-byte packets: a packet that
/// starts a video PES with the random-access flag set is a keyframe, and ffmpeg's muxer writes the PAT and PMT just
/// before it. A byte range from that PAT on is a stream a player or ffmpeg opens cleanly, so playlists and clips can
/// start (and end) at the keyframe nearest a requested time instead of at a segment boundary, without re-encoding.
/// </summary>
public static class TsKeyframes
{
    private const int PacketSize = 188;
    private const byte Sync = 0x47;
    private const int PatPid = 0;

    /// <summary>The keyframes of a segment in order: time from the segment's first video packet, and byte offset.</summary>
    public static IReadOnlyList<Keyframe> Scan(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        return Scan(file);
    }

    public static IReadOnlyList<Keyframe> Scan(Stream stream)
    {
        var keyframes = new List<Keyframe>();
        long? firstPts = null;
        foreach (var frame in FrameStarts(stream))
        {
            firstPts ??= frame.Pts;
            if (frame.Keyframe)
            {
                keyframes.Add(new Keyframe(TimeSpan.FromSeconds((frame.Pts - firstPts.Value) / 90_000.0), frame.PsiStart ?? frame.Offset));
            }
        }
        return keyframes;
    }

    /// <summary>
    /// Every video frame (PES) that begins in the stream, in file order, up to its end or to the first bytes that are
    /// not (or no longer) a transport stream: what was found so far stands.
    /// </summary>
    internal static IEnumerable<FrameStart> FrameStarts(Stream stream)
    {
        var packet = new byte[PacketSize];
        long offset = 0;
        // Where the run of PAT/PMT packets just before the current packet began, if the previous packets were PSI.
        long? psiStart = null;
        var pmtPids = new HashSet<int>();
        while (stream.ReadAtLeast(packet, PacketSize, throwOnEndOfStream: false) == PacketSize && packet[0] == Sync)
        {
            var pid = ((packet[1] & 0x1F) << 8) | packet[2];
            var unitStart = (packet[1] & 0x40) != 0;
            var adaptation = (packet[3] >> 4) & 0x3;
            if (pid == PatPid && unitStart)
            {
                ReadPmtPids(packet, adaptation, pmtPids);
            }
            if (pid == PatPid || pmtPids.Contains(pid))
            {
                psiStart ??= offset;
                offset += PacketSize;
                continue;
            }
            if (unitStart && PesPts(packet, adaptation) is { } pts)
            {
                var randomAccess = (adaptation & 0x2) != 0 && packet[4] > 0 && (packet[5] & 0x40) != 0;
                yield return new FrameStart(offset, pts, randomAccess, psiStart);
            }
            psiStart = null;
            offset += PacketSize;
        }
    }

    /// <summary>The PTS of a video PES that starts in this packet, in 90 kHz ticks; null for anything else.</summary>
    private static long? PesPts(byte[] packet, int adaptation)
    {
        if ((adaptation & 0x1) == 0)
        {
            return null; // no payload
        }
        var start = 4 + ((adaptation & 0x2) != 0 ? 1 + packet[4] : 0);
        if (start + 14 > PacketSize)
        {
            return null;
        }
        var p = packet.AsSpan(start);
        var isVideo = p[0] == 0 && p[1] == 0 && p[2] == 1 && p[3] is >= 0xE0 and <= 0xEF;
        if (!isVideo || (p[7] & 0x80) == 0)
        {
            return null;
        }
        return ((long)(p[9] >> 1) & 0x7) << 30 | (long)p[10] << 22 | (long)(p[11] >> 1) << 15 | (long)p[12] << 7 | (long)(p[13] >> 1);
    }

    /// <summary>Reads the PMT PIDs a PAT names.</summary>
    private static void ReadPmtPids(byte[] packet, int adaptation, HashSet<int> pmtPids)
    {
        var start = 4 + ((adaptation & 0x2) != 0 ? 1 + packet[4] : 0);
        if (start >= PacketSize)
        {
            return;
        }
        start += 1 + packet[start]; // pointer field
        if (start + 8 > PacketSize)
        {
            return;
        }
        var sectionLength = ((packet[start + 1] & 0x0F) << 8) | packet[start + 2];
        var end = Math.Min(start + 3 + sectionLength - 4, PacketSize); // without the CRC
        for (var i = start + 8; i + 4 <= end; i += 4)
        {
            var program = (packet[i] << 8) | packet[i + 1];
            if (program != 0)
            {
                pmtPids.Add(((packet[i + 2] & 0x1F) << 8) | packet[i + 3]);
            }
        }
    }
}

/// <summary>A keyframe in a segment: when, from the segment's first frame, and where its byte range may begin.</summary>
public readonly record struct Keyframe(TimeSpan Time, long Offset);

/// <summary>
/// Where a video frame begins in a segment: the byte offset of its first packet, its PTS (90 kHz), whether it is a
/// keyframe, and where the PAT/PMT run just before it began (null when there is none).
/// </summary>
internal readonly record struct FrameStart(long Offset, long Pts, bool Keyframe, long? PsiStart);
