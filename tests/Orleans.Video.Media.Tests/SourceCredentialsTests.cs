namespace Orleans.Video.Media.Tests;

/// <summary>Camera passwords: masked for views, texts and logs; put back from the stored source when an edit sends the mask.</summary>
public sealed class SourceCredentialsTests
{
    [Theory]
    [InlineData("rtsp://admin:s3cret@cam.example:554/live", "rtsp://admin:***@cam.example:554/live")]
    [InlineData("rtsp://token@cam.example/live", "rtsp://***@cam.example/live")]
    [InlineData("http://[2001:db8::1]:80/x.ts", "http://[2001:db8::1]:80/x.ts")]
    [InlineData("http://cam.example/x@y.ts?a=b@c", "http://cam.example/x@y.ts?a=b@c")]
    [InlineData("/media/gate.mp4", "/media/gate.mp4")]
    public void Masks_the_password_only(string source, string shown) =>
        Assert.Equal(shown, SourceCredentials.Masked(source));

    [Fact]
    public void Masks_every_url_in_a_text()
    {
        var text = "ffmpeg exited with code 1: rtsp://admin:s3cret@10.0.0.5/live: 401 Unauthorized; also http://u:p@h/x and 'rtsp://a:b@c/d'";
        var masked = SourceCredentials.MaskedText(text);
        Assert.DoesNotContain("s3cret", masked);
        Assert.DoesNotContain("u:p@", masked);
        Assert.Contains("rtsp://***@10.0.0.5/live", masked);
        Assert.Contains("'rtsp://***@c/d'", masked);
    }

    [Theory]
    [InlineData("rtsp://admin:***@cam.example/live", "rtsp://admin:s3cret@cam.example/old", "rtsp://admin:s3cret@cam.example/live")]
    [InlineData("rtsp://other:***@cam.example/live", "rtsp://admin:s3cret@cam.example/live", "rtsp://other:s3cret@cam.example/live")]
    [InlineData("rtsp://***@cam.example/live", "rtsp://admin:s3cret@cam.example/live", "rtsp://admin:s3cret@cam.example/live")]
    [InlineData("rtsp://admin:new@cam.example/live", "rtsp://admin:s3cret@cam.example/live", "rtsp://admin:new@cam.example/live")]
    [InlineData("rtsp://admin:***@evil.example/live", "rtsp://admin:s3cret@cam.example/live", null)]
    [InlineData("rtsp://admin:***@cam.example:8554/live", "rtsp://admin:s3cret@cam.example/live", null)]
    [InlineData("rtsps://admin:***@cam.example/live", "rtsp://admin:s3cret@cam.example/live", null)]
    [InlineData("rtsp://admin:***@cam.example/live", "rtsp://cam.example/live", null)]
    [InlineData("rtsp://admin:***@cam.example/live", null, null)]
    public void Puts_the_stored_password_back_for_the_same_address_only(string incoming, string? stored, string? expected) =>
        Assert.Equal(expected, SourceCredentials.Restore(incoming, stored));
}
