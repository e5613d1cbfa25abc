using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Video.Sources;

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
    public async Task An_unresolvable_host_is_refused_not_left_to_ffmpeg_to_look_up_again()
    {
        Assert.Contains("does not resolve", await Policy().CheckAsync("rtsp://no-such-host.invalid/stream"));
        Assert.Null(await Policy(allowPrivate: true).CheckAsync("rtsp://no-such-host.invalid/stream"));
    }

    [Theory]
    [InlineData("100.64.0.1", true)]
    [InlineData("100.128.0.1", false)]
    [InlineData("224.0.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("93.184.216.34", false)]
    [InlineData("198.18.0.1", true)]
    [InlineData("198.19.255.254", true)]
    [InlineData("198.20.0.1", false)]
    [InlineData("192.0.0.170", true)]
    [InlineData("64:ff9b::a00:1", true)]
    [InlineData("64:ff9b:1::a00:1", true)]
    [InlineData("2002:a00:1::1", true)]
    [InlineData("2001:0:4136:e378::1", true)]
    [InlineData("::10.0.0.1", true)]
    [InlineData("100::1", true)]
    public void Address_ranges(string address, bool nonPublic) =>
        Assert.Equal(nonPublic, SourcePolicy.IsNonPublic(IPAddress.Parse(address)));

    private static SourcePolicy Allowing(params string[] hosts) =>
        new(Options.Create(new SourceOptions { AllowedHosts = [.. hosts] }));

    [Theory]
    [InlineData("10.0.0.5", "rtsp://10.0.0.5/s", true)]
    [InlineData("10.0.0.5", "rtsp://10.0.0.6/s", false)]
    [InlineData("10.20.0.0/16", "rtsp://10.20.7.1/s", true)]
    [InlineData("10.20.0.0/16", "rtsp://10.21.0.1/s", false)]
    [InlineData("127.0.0.1", "http://127.0.0.1:8000/x.ts", true)]
    [InlineData("127.0.0.1", "http://127.0.0.2:8000/x.ts", false)]
    [InlineData("fd00::/8", "tcp://[fd00::1]:5000", true)]
    public async Task Allowed_hosts_open_one_address_or_range_and_nothing_beside_it(string allowed, string source, bool open)
    {
        var refusal = await Allowing(allowed).CheckAsync(source);
        Assert.Equal(open, refusal is null);
        if (!open)
        {
            Assert.Contains("Sources:AllowedHosts", refusal);
        }
    }

    [Fact]
    public async Task A_host_may_be_allowed_by_its_name()
    {
        Assert.Null(await Allowing("LOCALHOST").CheckAsync("http://localhost:8000/x.ts"));
        Assert.NotNull(await Allowing("camera.local").CheckAsync("http://localhost:8000/x.ts"));
    }

    [Theory]
    [InlineData("rtsp://user:p%40ss@cam.example.com:8554/live?x=1", "203.0.113.7", "rtsp://user:p%40ss@203.0.113.7:8554/live?x=1")]
    [InlineData("rtsp://cam.example.com/live", "203.0.113.7", "rtsp://203.0.113.7/live")]
    [InlineData("udp://cam.example.com:5000", "203.0.113.7", "udp://203.0.113.7:5000")]
    [InlineData("tcp://cam.example.com:5000", "2001:db8::7", "tcp://[2001:db8::7]:5000")]
    [InlineData("rtsp://[2001:db8::1]:554/s", "2001:db8::7", "rtsp://[2001:db8::7]:554/s")]
    public void A_pinned_source_keeps_everything_but_its_host(string location, string address, string pinned) =>
        Assert.Equal(pinned, SourcePolicy.WithHost(location, IPAddress.Parse(address)));

    [Fact]
    public async Task A_name_kept_for_ffmpeg_is_probed_at_the_address_that_was_checked()
    {
        var http = await Allowing("localhost").PrepareAsync(VideoSource.Parse("http://localhost:8000/live.m3u8"));
        Assert.Null(http.Refusal);
        Assert.Equal("http://localhost:8000/live.m3u8", http.Location);
        Assert.Matches(@"^http://(127\.0\.0\.1|\[::1\]):8000/live\.m3u8$", http.ProbeLocation);
    }

    [Fact]
    public async Task An_rtsps_certificate_is_checked_by_the_relay_even_where_every_address_is_allowed()
    {
        var open = Policy(allowPrivate: true);
        var checkedTls = await open.PrepareAsync(VideoSource.Parse("rtsps://127.0.0.2:8554/live"));
        Assert.Null(checkedTls.Refusal);
        Assert.NotNull(checkedTls.RelayToken);
        Assert.Matches(@"^rtsp://127\.0\.0\.1:\d+/live$", checkedTls.Location);
        Assert.Null(open.Release(checkedTls));
        var optedOut = await open.PrepareAsync(VideoSource.Parse("rtsps://127.0.0.2:8554/live") with { TlsVerify = false });
        Assert.Equal("rtsps://127.0.0.2:8554/live", optedOut.Location);
        Assert.Null(optedOut.RelayToken);
        Assert.Equal("rtsp://127.0.0.2:8554/live", (await open.PrepareAsync(VideoSource.Parse("rtsp://127.0.0.2:8554/live"))).Location);
    }

    [Theory]
    [InlineData(false, "rtsp://127.0.0.1:8554/live", true)]
    [InlineData(false, "rtsps://127.0.0.1:8554/live", true)]
    [InlineData(true, "rtsp://127.0.0.1:8554/live", false)]
    [InlineData(true, "rtsps://127.0.0.1:8554/live", true)]
    [InlineData(false, "http://127.0.0.1:8000/live.m3u8", false)]
    public async Task Relays_says_which_sources_go_through_the_relay_as_preparing_them_does(bool allowPrivate, string location, bool relayed)
    {
        // The camera's rtspTransport auto tries UDP only where ffmpeg can use it: never through the relay.
        var policy = allowPrivate ? Policy(allowPrivate: true) : Allowing("127.0.0.1");
        var source = VideoSource.Parse(location);
        var access = await policy.PrepareAsync(source);
        Assert.Equal(relayed, access.RelayToken is not null);
        Assert.Equal(relayed, policy.Relays(source));
        policy.Release(access);
    }

    [Fact]
    public async Task Each_start_is_checked_again_pinned_and_confined_to_the_source_s_protocols()
    {
        var policy = Allowing("127.0.0.1");
        // rtsp and rtsps go through the relay, as plain RTSP over interleaved TCP, the run's token as ffmpeg's User-Agent.
        var rtsp = await policy.PrepareAsync(VideoSource.Parse("rtsps://user:pw@127.0.0.1:8554/live?x=1"));
        Assert.Null(rtsp.Refusal);
        Assert.Matches(@"^rtsp://user:pw@127\.0\.0\.1:\d+/live\?x=1$", rtsp.Location);
        Assert.DoesNotContain(":8554/", rtsp.Location);
        Assert.Equal("rtsps://user:pw@127.0.0.1:8554/live?x=1", rtsp.ProbeLocation);
        Assert.Equal(new[] { "-protocol_whitelist", "rtsp,rtp,tcp", "-rtsp_transport", "tcp", "-user_agent", rtsp.RelayToken! }, rtsp.Arguments);
        Assert.Null(policy.Release(rtsp));
        var http = await policy.PrepareAsync(VideoSource.Parse("http://127.0.0.1:8000/live.m3u8"));
        Assert.Equal(new[] { "-protocol_whitelist", "http,https,tls,tcp,crypto,httpproxy", "-http_proxy" }, http.Arguments.Take(3));
        Assert.Matches(@"^http://[0-9a-f]{32}:x@127\.0\.0\.1:\d+/$", Assert.Single(http.Arguments.Skip(3)));
        Assert.Null(policy.Release(http));
        Assert.Contains("127.0.0.2", (await policy.PrepareAsync(VideoSource.Parse("rtsp://127.0.0.2/live"))).Refusal);
        // A silo that allows every address needs no proxy: the source only keeps to its protocols.
        var open = await Policy(allowPrivate: true).PrepareAsync(VideoSource.Parse("http://127.0.0.2:8000/x.ts"));
        Assert.Equal(new[] { "-protocol_whitelist", "http,https,tls,tcp,crypto,httpproxy" }, open.Arguments);
        Assert.Equal(new[] { "-protocol_whitelist", "file,crypto" }, (await Policy(false, "/srv").PrepareAsync(VideoSource.Parse("/srv/a.mp4"))).Arguments);
        policy.Dispose();
    }
}
