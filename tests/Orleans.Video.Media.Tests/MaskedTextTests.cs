namespace Orleans.Video.Media.Tests;

/// <summary>Passwords in texts: every URL's user part, however written, and nothing else.</summary>
public sealed class MaskedTextTests
{
    [Theory]
    [InlineData("rtsp://admin:secret@10.0.0.5:554/stream1", "rtsp://***@10.0.0.5:554/stream1")]
    [InlineData("rtsp://admin@10.0.0.5/s", "rtsp://***@10.0.0.5/s")]
    [InlineData("rtsp://10.0.0.5:554/stream1", "rtsp://10.0.0.5:554/stream1")]
    [InlineData("rtsp://user:pw@[2001:db8::1]:554/s", "rtsp://***@[2001:db8::1]:554/s")]
    [InlineData("rtsp://[2001:db8::1]:554/s", "rtsp://[2001:db8::1]:554/s")]
    // An '@' after the authority is the path's or the query's, not a credential.
    [InlineData("http://cam.example/a@b/live.m3u8?owner=me@example.org", "http://cam.example/a@b/live.m3u8?owner=me@example.org")]
    [InlineData("http://u:p@cam.example/a@b?x=y@z#f@g", "http://***@cam.example/a@b?x=y@z#f@g")]
    // A password with an unescaped '@': the last one ends the user info, as ffmpeg reads it.
    [InlineData("rtsp://u:p@ss@cam:554", "rtsp://***@cam:554")]
    [InlineData("/media/clips/a@b.mp4", "/media/clips/a@b.mp4")]
    [InlineData("rtsp://", "rtsp://")]
    [InlineData("", "")]
    public void Masks_only_the_user_info_of_a_url(string text, string masked) =>
        Assert.Equal(masked, SourceCredentials.MaskedText(text));

    [Fact]
    public void Masks_every_url_in_a_line_of_text()
    {
        var line = "-http_proxy http://0123abcd:x@127.0.0.1:41000/ -i rtsp://admin:secret@cam/s: 401 Unauthorized";
        Assert.Equal("-http_proxy http://***@127.0.0.1:41000/ -i rtsp://***@cam/s: 401 Unauthorized", SourceCredentials.MaskedText(line));
    }
}
