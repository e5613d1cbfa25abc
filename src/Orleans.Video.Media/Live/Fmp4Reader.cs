using System.Buffers.Binary;
using System.Text;

namespace Orleans.Video.Media.Live;

/// <summary>
/// Turns ffmpeg's fragmented MP4 byte stream into live segments: ftyp and moov make the initialisation segment,
/// each moof with the mdat after it a fragment. Other top-level boxes (the mfra ffmpeg writes at the end) are skipped.
/// </summary>
public sealed class Fmp4Reader(Stream stream, TimeProvider clock)
{
    /// <summary>The largest box read: a fragment holds one frame, and a 4K keyframe is a few megabytes at most.</summary>
    public const int MaxBoxBytes = 32 * 1024 * 1024;

    private readonly byte[] _header = new byte[16];
    private byte[]? _ftyp;
    private byte[]? _moof;

    /// <summary>The video track, once the initialisation segment has been read.</summary>
    public Mp4Track? Track { get; private set; }

    /// <summary>The next segment; null at the end of the stream.</summary>
    /// <exception cref="InvalidDataException">The stream is not fragmented MP4 as ffmpeg writes it.</exception>
    public async Task<LiveSegment?> ReadAsync(CancellationToken cancellationToken)
    {
        while (await ReadHeaderAsync(cancellationToken) is var (size, headerLength))
        {
            var type = Encoding.ASCII.GetString(_header, 4, 4);
            // A segment is two boxes, read into one array: the first (ftyp, moof) is kept until its second comes.
            var first = type switch
            {
                "moov" => _ftyp ?? [],
                "mdat" => _moof ?? [],
                _ => [],
            };
            var box = await ReadBoxAsync(first, size, headerLength, cancellationToken);
            switch (type)
            {
                case "ftyp":
                    _ftyp = box;
                    break;
                case "moov":
                    Track = Mp4Track.Parse(box.AsSpan(first.Length + 8)) ?? throw new InvalidDataException("the initialisation segment has no video track");
                    return new LiveSegment(LiveSegmentKind.Init, box, clock.GetUtcNow(), Track.Codec, Track.Width, Track.Height);
                case "moof":
                    _moof = box;
                    break;
                case "mdat" when _moof is { } moof && Track is { } track:
                    _moof = null;
                    var kind = Mp4Fragment.StartsWithKeyframe(moof.AsSpan(8), track.DefaultSampleFlags) ? LiveSegmentKind.Keyframe : LiveSegmentKind.Frame;
                    return new LiveSegment(kind, box, clock.GetUtcNow());
            }
        }
        return null;
    }

    /// <summary>The next top-level box's size and header length, its header in <see cref="_header"/>; null at a clean end of stream.</summary>
    private async Task<(long Size, int HeaderLength)?> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        if (await stream.ReadAtLeastAsync(_header.AsMemory(0, 8), 8, throwOnEndOfStream: false, cancellationToken) < 8)
        {
            return null;
        }
        long size = BinaryPrimitives.ReadUInt32BigEndian(_header);
        var headerLength = 8;
        if (size == 1)
        {
            await stream.ReadExactlyAsync(_header.AsMemory(8, 8), cancellationToken);
            size = (long)BinaryPrimitives.ReadUInt64BigEndian(_header.AsSpan(8));
            headerLength = 16;
        }
        if (size < headerLength || size > MaxBoxBytes)
        {
            throw new InvalidDataException($"an MP4 box of {size} bytes ({Encoding.ASCII.GetString(_header, 4, 4)}) is not a live fragment");
        }
        return (size, headerLength);
    }

    /// <summary>The box whose header was just read, whole, after <paramref name="first"/> in one array (a frame is copied once).</summary>
    private async Task<byte[]> ReadBoxAsync(byte[] first, long size, int headerLength, CancellationToken cancellationToken)
    {
        var box = new byte[first.Length + size];
        first.CopyTo(box, 0);
        _header.AsSpan(0, headerLength).CopyTo(box.AsSpan(first.Length));
        await stream.ReadExactlyAsync(box.AsMemory(first.Length + headerLength), cancellationToken);
        return box;
    }
}
