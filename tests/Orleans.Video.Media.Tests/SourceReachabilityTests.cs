using Orleans.Video.Sources;
namespace Orleans.Video.Media.Tests;

/// <summary>Connection failures as keys below admin see them: refused or unreachable, nothing of what answered.</summary>
public sealed class SourceReachabilityTests
{
    [Theory]
    [InlineData("cannot connect to 10.0.0.5:22: Connection refused", "cannot connect to the source: refused")]
    [InlineData("cannot connect to 10.0.0.5:554: no answer within 5 s", "cannot connect to the source: unreachable")]
    [InlineData("cannot connect to cam:554: No route to host", "cannot connect to the source: unreachable")]
    [InlineData("ffmpeg exited with code 1 before the first frame: 401 Unauthorized", "ffmpeg exited with code 1 before the first frame: 401 Unauthorized")]
    [InlineData(null, null)]
    public void Viewers_learn_refused_or_unreachable_only(string? error, string? shown) =>
        Assert.Equal(shown, SourceReachability.ForViewer(error));

    [Fact]
    public async Task The_probe_s_words_start_as_the_viewers_mapping_expects()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var error = await SourceProbe.CheckAsync(VideoSource.Parse($"rtsp://127.0.0.1:{port}/live"), CancellationToken.None);
        Assert.StartsWith(SourceReachability.Prefix, error);
        Assert.Equal("cannot connect to the source: refused", SourceReachability.ForViewer(error));
    }
}
