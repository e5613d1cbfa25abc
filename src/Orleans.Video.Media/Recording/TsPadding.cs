namespace Orleans.Video.Media;

/// <summary>
/// ffmpeg recognises MPEG-TS by content only from 2,040 bytes on (ten 204-byte packets' worth): a shorter segment,
/// a few frames of a sub stream written just before its decoder stopped, fails to open where the format is not named,
/// as in the concat demuxer that writes clips ("Impossible to open"), and with it the whole clip. Such a segment gets
/// null packets (PID 0x1FFF, which every demuxer skips) up to that size.
/// </summary>
public static class TsPadding
{
    private const int PacketSize = 188;
    private const int ProbeBytes = 2040;

    /// <summary>Pads a short segment; returns its length afterwards.</summary>
    public static long ToProbeSize(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        if (file.Length >= ProbeBytes || file.Length % PacketSize != 0)
        {
            return file.Length;
        }
        file.Position = file.Length;
        var packet = NullPacket();
        while (file.Length < ProbeBytes)
        {
            file.Write(packet);
        }
        return file.Length;
    }

    private static byte[] NullPacket()
    {
        var packet = new byte[PacketSize];
        packet.AsSpan().Fill(0xFF);
        // Sync byte, PID 0x1FFF, payload only, continuity counter 0.
        (packet[0], packet[1], packet[2], packet[3]) = (0x47, 0x1F, 0xFF, 0x10);
        return packet;
    }
}
