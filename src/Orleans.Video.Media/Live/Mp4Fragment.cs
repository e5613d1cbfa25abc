using System.Buffers.Binary;

namespace Orleans.Video.Media.Live;

/// <summary>Reads a movie fragment's header (moof) for what a live viewer needs: does it start with a sync sample.</summary>
public static class Mp4Fragment
{
    // Sample flags (ISO 14496-12 §8.8.3.1): sample_is_non_sync_sample.
    private const uint NonSync = 0x10000;

    /// <summary>
    /// Whether the fragment's first sample is a keyframe. Its flags come from the track run's first-sample flags,
    /// else the run's first sample entry, else the fragment's defaults (tfhd), else the track's (<paramref name="trackDefault"/>).
    /// </summary>
    public static bool StartsWithKeyframe(ReadOnlySpan<byte> moof, uint trackDefault)
    {
        var flags = trackDefault;
        if (Mp4Box.TryFind(moof, "traf/tfhd", out var tfhd) && tfhd.Length >= 8)
        {
            var present = Mp4Box.Flags(tfhd);
            var at = 8; // version, flags, track id
            at += (present & 0x1) != 0 ? 8 : 0; // base data offset
            at += (present & 0x2) != 0 ? 4 : 0; // sample description index
            at += (present & 0x8) != 0 ? 4 : 0; // default duration
            at += (present & 0x10) != 0 ? 4 : 0; // default size
            if ((present & 0x20) != 0 && tfhd.Length >= at + 4)
            {
                flags = BinaryPrimitives.ReadUInt32BigEndian(tfhd[at..]);
            }
        }
        if (Mp4Box.TryFind(moof, "traf/trun", out var trun) && trun.Length >= 8)
        {
            var present = Mp4Box.Flags(trun);
            var at = 8; // version, flags, sample count
            at += (present & 0x1) != 0 ? 4 : 0; // data offset
            if ((present & 0x4) != 0 && trun.Length >= at + 4)
            {
                return (BinaryPrimitives.ReadUInt32BigEndian(trun[at..]) & NonSync) == 0;
            }
            if ((present & 0x400) != 0)
            {
                at += (present & 0x100) != 0 ? 4 : 0; // first sample's duration
                at += (present & 0x200) != 0 ? 4 : 0; // and size
                if (trun.Length >= at + 4)
                {
                    flags = BinaryPrimitives.ReadUInt32BigEndian(trun[at..]);
                }
            }
        }
        return (flags & NonSync) == 0;
    }
}
