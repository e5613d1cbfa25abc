using System.Buffers.Binary;

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
        while (await ReadBoxAsync(cancellationToken) is { } box)
        {
            var type = box.AsSpan(4, 4);
            if (Mp4Box.IsType(type, "ftyp"))
            {
                _ftyp = box;
            }
            else if (Mp4Box.IsType(type, "moov"))
            {
                Track = Mp4Track.Parse(box.AsSpan(8)) ?? throw new InvalidDataException("the initialisation segment has no video track");
                var init = Concat(_ftyp ?? [], box);
                return new LiveSegment(LiveSegmentKind.Init, init, clock.GetUtcNow(), Track.Codec, Track.Width, Track.Height);
            }
            else if (Mp4Box.IsType(type, "moof"))
            {
                _moof = box;
            }
            else if (Mp4Box.IsType(type, "mdat") && _moof is { } moof && Track is { } track)
            {
                _moof = null;
                var kind = Mp4Fragment.StartsWithKeyframe(moof.AsSpan(8), track.DefaultSampleFlags) ? LiveSegmentKind.Keyframe : LiveSegmentKind.Frame;
                return new LiveSegment(kind, Concat(moof, box), clock.GetUtcNow());
            }
        }
        return null;
    }

    /// <summary>One whole top-level box, header included; null at a clean end of stream.</summary>
    private async Task<byte[]?> ReadBoxAsync(CancellationToken cancellationToken)
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
            throw new InvalidDataException($"an MP4 box of {size} bytes ({System.Text.Encoding.ASCII.GetString(_header, 4, 4)}) is not a live fragment");
        }
        var box = new byte[size];
        _header.AsSpan(0, headerLength).CopyTo(box);
        await stream.ReadExactlyAsync(box.AsMemory(headerLength), cancellationToken);
        return box;
    }

    private static byte[] Concat(byte[] first, byte[] second)
    {
        var both = new byte[first.Length + second.Length];
        first.CopyTo(both, 0);
        second.CopyTo(both, first.Length);
        return both;
    }
}
