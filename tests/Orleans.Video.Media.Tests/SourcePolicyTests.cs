using System.Net;
using Microsoft.Extensions.Options;

namespace Orleans.Video.Media.Tests;

public sealed class SourcePolicyTests
{
    private static SourcePolicy Policy(bool allowPrivate = false, params string[] roots) =>
        new(Options.Create(new SourceOptions { MediaRoots = [.. roots], AllowPrivateNetworks = allowPrivate }));

    [Fact]
    public async Task Files_are_accepted_only_under_a_media_root()
    {
        var policy = Policy(false, "/srv/media", "/data/clips/");
        Assert.Null(await policy.CheckAsync("/srv/media/gate.mp4"));
        Assert.Null(await policy.CheckAsync("/data/clips/a/b.mp4"));
        Assert.Contains("outside the media roots", await policy.CheckAsync("/etc/passwd"));
        Assert.Contains("outside the media roots", await policy.CheckAsync("/srv/media/../../etc/passwd"));
        Assert.Contains("outside the media roots", await policy.CheckAsync("/srv/media-other/x.mp4"));
    }

    [Fact]
    public async Task Without_media_roots_file_sources_are_refused_naming_the_setting() =>
        Assert.Contains("Sources:MediaRoots", await Policy().CheckAsync("/srv/media/gate.mp4"));

    [Theory]
    [InlineData("rtsp://127.0.0.1/stream")]
    [InlineData("rtsp://10.1.2.3/stream")]
    [InlineData("http://172.20.0.5/x.ts")]
    [InlineData("udp://192.168.1.10:5000")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("tcp://[::1]:5000")]
    [InlineData("tcp://[fd00::1]:5000")]
    [InlineData("http://localhost:8000/x.ts")]
    public async Task Private_and_loopback_hosts_are_refused_unless_allowed(string source)
    {
        Assert.Contains("Sources:AllowPrivateNetworks", await Policy().CheckAsync(source));
        Assert.Null(await Policy(allowPrivate: true).CheckAsync(source));
    }

    [Theory]
    [InlineData("rtsp://8.8.8.8/stream")]
    [InlineData("http://172.32.0.1/x.ts")]
    [InlineData("tcp://[2001:4860:4860::8888]:5000")]
    public async Task Public_addresses_are_accepted(string source) =>
        Assert.Null(await Policy().CheckAsync(source));

    [Fact]
    public async Task An_unresolvable_host_is_left_to_the_decoder_to_report() =>
        Assert.Null(await Policy().CheckAsync("rtsp://no-such-host.invalid/stream"));

    [Theory]
    [InlineData("100.64.0.1", true)]
    [InlineData("100.128.0.1", false)]
    [InlineData("224.0.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("93.184.216.34", false)]
    public void Address_ranges(string address, bool nonPublic) =>
        Assert.Equal(nonPublic, SourcePolicy.IsNonPublic(IPAddress.Parse(address)));
}
