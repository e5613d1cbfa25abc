using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Orleans.Video.Media.Live;

/// <summary>
/// What an initialisation segment (its moov) says about the video track: the codec string a browser needs to
/// open a Media Source buffer, the picture size, and the sample flags fragments inherit.
/// </summary>
public sealed record Mp4Track(string Codec, int Width, int Height, uint DefaultSampleFlags)
{
    // A visual sample entry's fixed fields (ISO 14496-12 §12.1.3): 6 reserved, data reference index, 16 bytes,
    // width, height, resolutions, reserved, frame count, compressor name, depth, pre-defined; its boxes follow.
    private const int VisualEntryFields = 78;

    /// <summary>Reads the moov box's contents; null when it holds no video sample entry.</summary>
    public static Mp4Track? Parse(ReadOnlySpan<byte> moov)
    {
        if (!Mp4Box.TryFind(moov, "trak/mdia/minf/stbl/stsd", out var stsd) || stsd.Length < 8 + 8 + VisualEntryFields)
        {
            return null;
        }
        var entry = stsd[8..]; // version, flags, entry count; then the first sample entry
        var entrySize = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(entry), (uint)entry.Length);
        if (entrySize < 8 + VisualEntryFields)
        {
            return null;
        }
        var type = Encoding.ASCII.GetString(entry.Slice(4, 4));
        var fields = entry[8..entrySize];
        var width = BinaryPrimitives.ReadUInt16BigEndian(fields[24..]);
        var height = BinaryPrimitives.ReadUInt16BigEndian(fields[26..]);
        var children = fields[VisualEntryFields..];
        var codec = type switch
        {
            "avc1" or "avc3" when Mp4Box.TryFind(children, "avcC", out var avcC) && avcC.Length >= 4 => AvcCodec(type, avcC),
            "hvc1" or "hev1" when Mp4Box.TryFind(children, "hvcC", out var hvcC) && hvcC.Length >= 13 => HevcCodec(type, hvcC),
            _ => type,
        };
        // Fragments that state no flags of their own take the track's defaults (trex).
        var defaultFlags = Mp4Box.TryFind(moov, "mvex/trex", out var trex) && trex.Length >= 24
            ? BinaryPrimitives.ReadUInt32BigEndian(trex[20..])
            : 0u;
        return new Mp4Track(codec, width, height, defaultFlags);
    }

    /// <summary>avc1.PPCCLL: profile, constraint flags and level from the AVC decoder configuration (RFC 6381 §3.3).</summary>
    private static string AvcCodec(string type, ReadOnlySpan<byte> avcC) =>
        string.Create(CultureInfo.InvariantCulture, $"{type}.{avcC[1]:X2}{avcC[2]:X2}{avcC[3]:X2}");

    /// <summary>
    /// hvc1.[space]profile.compatibility.tier+level[.constraints] from the HEVC decoder configuration (ISO 14496-15
    /// annex E): compatibility flags bit-reversed in hex, constraint bytes without trailing zeros.
    /// </summary>
    private static string HevcCodec(string type, ReadOnlySpan<byte> hvcC)
    {
        var space = hvcC[1] >> 6;
        var tier = (hvcC[1] & 0x20) != 0 ? 'H' : 'L';
        var profile = hvcC[1] & 0x1F;
        var compatibility = ReverseBits(BinaryPrimitives.ReadUInt32BigEndian(hvcC[2..]));
        var constraints = hvcC.Slice(6, 6);
        var level = hvcC[12];
        var codec = new StringBuilder(type).Append('.');
        if (space > 0)
        {
            codec.Append((char)('A' + space - 1));
        }
        codec.Append(CultureInfo.InvariantCulture, $"{profile}.{compatibility:X}.{tier}{level}");
        var last = constraints.LastIndexOfAnyExcept((byte)0);
        for (var i = 0; i <= last; i++)
        {
            codec.Append(CultureInfo.InvariantCulture, $".{constraints[i]:X2}");
        }
        return codec.ToString();
    }

    private static uint ReverseBits(uint value)
    {
        uint reversed = 0;
        for (var i = 0; i < 32; i++, value >>= 1)
        {
            reversed = (reversed << 1) | (value & 1);
        }
        return reversed;
    }
}
