using System.Text;
using Orleans.Video.Sources;

namespace Orleans.Video.Media.Tests;

public sealed class RtspResponseScannerTests
{
    private static byte[] Frame(params byte[] payload) => [(byte)'$', 0, (byte)(payload.Length >> 8), (byte)payload.Length, .. payload];

    [Fact]
    public void Interleaved_frames_and_bodies_are_skipped_and_a_redirect_is_found_however_the_bytes_are_cut()
    {
        // A frame whose data looks like a redirect, a 200 with a body that does too, then the real redirect.
        var fake = Encoding.ASCII.GetBytes("RTSP/1.0 302 Found\r\nLocation: rtsp://frame/\r\n\r\n");
        var body = "RTSP/1.0 301 Moved\r\nLocation: rtsp://body/\r\n\r\n";
        byte[] stream =
        [
            .. Encoding.ASCII.GetBytes($"RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Length: {body.Length}\r\n\r\n{body}"),
            .. Frame(fake), .. Frame(),
            .. Encoding.ASCII.GetBytes("RTSP/1.0 302 Found\r\nCSeq: 3\r\nLocation: rtsp://10.0.0.9/x\r\n\r\n"),
        ];
        foreach (var piece in new[] { 1, 3, 7, stream.Length })
        {
            var scanner = new RtspResponseScanner();
            string? found = null;
            for (var offset = 0; offset < stream.Length && found is null; offset += piece)
            {
                found = scanner.Scan(stream.AsSpan(offset, Math.Min(piece, stream.Length - offset)));
            }
            Assert.Equal("rtsp://10.0.0.9/x", found);
        }
    }

    [Fact]
    public void Other_answers_and_the_server_s_own_requests_pass()
    {
        var scanner = new RtspResponseScanner();
        Assert.Null(scanner.Scan(Encoding.ASCII.GetBytes("RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\n\r\nGET_PARAMETER rtsp://x/ RTSP/1.0\r\nCSeq: 9\r\n\r\n")));
        Assert.Null(scanner.Broken);
        Assert.Equal("", new RtspResponseScanner().Scan(Encoding.ASCII.GetBytes("RTSP/1.0 305 Use Proxy\r\n\r\n")));
    }
}
