using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Sources;

/// <summary>
/// A silo that refuses private ranges but allows 127.0.0.1 (<c>Sources:AllowedHosts</c>), with HTTP servers on
/// 127.0.0.1 (allowed) and 127.0.0.2 (refused): a source that only reaches 127.0.0.2 through a redirect or an HLS
/// playlist is refused as it gets there, and 127.0.0.2 never sees a request; a file source cannot reach HTTP at all.
/// An rtsp camera on 127.0.0.1 is decoded through the policy's RTSP relay.
/// </summary>
public sealed class SourcePolicyFixture : IAsyncLifetime
{
    public PostgresServer Postgres { get; } = new();
    public TestClips Clips { get; } = new();
    public HttpClient Http { get; } = SiloProcess.CreateHttpClient();
    public SiloProcess Silo { get; private set; } = null!;
    public LoopbackHttpServer Allowed { get; } = new("127.0.0.1");
    public LoopbackHttpServer Refused { get; } = new("127.0.0.2");

    /// <summary>A file source (under the media roots) that is an HLS playlist of segments on the allowed server.</summary>
    public string FilePlaylist { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Postgres.InitializeAsync();
        var hls = Directory.CreateDirectory(Path.Combine(Clips.Directory, "hls")).FullName;
        TestClips.Ffmpeg($"-i \"{Clips.MovingBox}\" -c copy -f hls -hls_time 1 -hls_list_size 0 -hls_segment_filename \"{hls}/seg%d.ts\" \"{hls}/list.m3u8\"");
        TestClips.Ffmpeg($"-i \"{Clips.MovingBox}\" -c copy -f mpegts \"{hls}/clip.ts\"");
        var segments = Directory.GetFiles(hls, "seg*.ts").Select(Path.GetFileName).ToList();
        var playlist = await File.ReadAllTextAsync(Path.Combine(hls, "list.m3u8"));
        foreach (var server in new[] { Allowed, Refused })
        {
            server.File("/clip.ts", "video/mp2t", await File.ReadAllBytesAsync(Path.Combine(hls, "clip.ts")));
            foreach (var segment in segments)
            {
                server.File("/" + segment, "video/mp2t", await File.ReadAllBytesAsync(Path.Combine(hls, segment!)));
            }
        }
        // Playlists on the allowed server: one whose segments are beside it, one whose segments are on the refused one.
        Allowed.File("/local.m3u8", "application/vnd.apple.mpegurl", Encoding.UTF8.GetBytes(playlist));
        Allowed.File("/elsewhere.m3u8", "application/vnd.apple.mpegurl",
            Encoding.UTF8.GetBytes(string.Join('\n', playlist.Split('\n').Select(line => line.StartsWith("seg", StringComparison.Ordinal) ? $"{Refused.BaseUrl}/{line}" : line))));
        Allowed.Redirect("/hop", $"{Refused.BaseUrl}/clip.ts");
        FilePlaylist = Path.Combine(hls, "remote.m3u8");
        await File.WriteAllTextAsync(FilePlaylist,
            string.Join('\n', playlist.Split('\n').Select(line => line.StartsWith("seg", StringComparison.Ordinal) ? $"{Allowed.BaseUrl}/{line}" : line)));

        Silo = new SiloProcess(Postgres.ConnectionString, new Dictionary<string, string>
        {
            ["Inference__Models__shapes__Builtin"] = "bright-object",
            ["Inference__Models__shapes__InputWidth"] = "640",
            ["Inference__Models__shapes__InputHeight"] = "384",
            ["Sources__AllowPrivateNetworks"] = "false",
            ["Sources__AllowedHosts__0"] = "127.0.0.1",
            ["Pipeline__InitialBackoff"] = "00:00:00.500",
        });
        await Silo.WaitUntilReadyAsync(Http, TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Allowed.Dispose();
        Refused.Dispose();
        Http.Dispose();
        Clips.Dispose();
        await Postgres.DisposeAsync();
    }
}

public sealed class SourcePolicyTests(SourcePolicyFixture fixture) : IClassFixture<SourcePolicyFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    private string Url(string path) => fixture.Silo.BaseUrl + path;

    private async Task<HttpResponseMessage> AddAsync(string id, string source) =>
        await fixture.Http.PostAsJsonAsync(Url("/api/cameras"), new { id, source, fps = 5, model = "shapes" });

    private Task<JsonElement> StatusAsync(string id) => fixture.Http.GetFromJsonAsync<JsonElement>(Url($"/api/cameras/{id}"));

    private async Task<long> DecodedAsync(string id) =>
        (await Eventually.ValueAsync(() => StatusAsync(id), s => s.GetProperty("framesDecoded").GetInt64() > 0, Patience, $"{id} decoding"))
        .GetProperty("framesDecoded").GetInt64();

    private async Task<string> ErrorAsync(string id, string contains) =>
        (await Eventually.ValueAsync(() => StatusAsync(id),
            s => s.GetProperty("lastError").GetString()?.Contains(contains, StringComparison.Ordinal) == true, Patience, $"{id}'s error to say {contains}"))
        .GetProperty("lastError").GetString()!;

    [Fact]
    public async Task An_allowed_host_is_decoded_over_http_and_hls_through_the_policy_proxy()
    {
        Assert.Equal(HttpStatusCode.Created, (await AddAsync("http-allowed", $"{fixture.Allowed.BaseUrl}/clip.ts")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await AddAsync("hls-allowed", $"{fixture.Allowed.BaseUrl}/local.m3u8")).StatusCode);
        Assert.True(await DecodedAsync("http-allowed") > 0);
        Assert.True(await DecodedAsync("hls-allowed") > 0);
        Assert.Contains("/seg0.ts", fixture.Allowed.Requests);
    }

    [Fact]
    public async Task An_allowed_rtsp_camera_is_decoded_through_the_relay_over_interleaved_tcp()
    {
        // A TCP-only camera (it answers a UDP SETUP with 461): the camera that asks for UDP decodes all the same, since
        // through the relay ffmpeg always asks for interleaved TCP.
        using var camera = await RtspCamera.StartAsync("tcp");
        using var tcp = await fixture.Http.PostAsJsonAsync(Url("/api/cameras"), new { id = "rtsp-relayed", source = camera.Url, fps = 5, model = "shapes" });
        using var udp = await fixture.Http.PostAsJsonAsync(Url("/api/cameras"), new { id = "rtsp-udp-relayed", source = camera.Url, fps = 5, model = "shapes", rtspTransport = "udp" });
        Assert.Equal(HttpStatusCode.Created, tcp.StatusCode);
        Assert.Equal(HttpStatusCode.Created, udp.StatusCode);
        Assert.True(await DecodedAsync("rtsp-relayed") > 0);
        Assert.True(await DecodedAsync("rtsp-udp-relayed") > 0);
        await fixture.Http.DeleteAsync(Url("/api/cameras/rtsp-relayed"));
        await fixture.Http.DeleteAsync(Url("/api/cameras/rtsp-udp-relayed"));
    }

    [Fact]
    public async Task A_refused_host_is_refused_when_the_camera_is_added()
    {
        using var response = await AddAsync("direct-refused", $"{fixture.Refused.BaseUrl}/clip.ts");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("127.0.0.2", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_into_a_refused_range_is_refused_and_never_followed()
    {
        Assert.Equal(HttpStatusCode.Created, (await AddAsync("redirected", $"{fixture.Allowed.BaseUrl}/hop")).StatusCode);
        var error = await ErrorAsync("redirected", "source refused");
        Assert.Contains("127.0.0.2", error, StringComparison.Ordinal);
        Assert.Contains("/hop", fixture.Allowed.Requests);
        Assert.DoesNotContain("/clip.ts", fixture.Refused.Requests);
        Assert.Equal(0, (await StatusAsync("redirected")).GetProperty("framesDecoded").GetInt64());
    }

    [Fact]
    public async Task A_playlist_whose_segments_are_in_a_refused_range_reaches_none_of_them()
    {
        Assert.Equal(HttpStatusCode.Created, (await AddAsync("playlist", $"{fixture.Allowed.BaseUrl}/elsewhere.m3u8")).StatusCode);
        var error = await ErrorAsync("playlist", "source refused");
        Assert.Contains("127.0.0.2", error, StringComparison.Ordinal);
        Assert.Contains("/elsewhere.m3u8", fixture.Allowed.Requests);
        Assert.DoesNotContain(fixture.Refused.Requests, path => path.StartsWith("/seg", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_name_that_resolves_to_a_refused_address_at_a_reconnect_is_refused_there_and_as_a_record_source()
    {
        Skip.IfNot(HostsEntry.Possible, "pointing a name at another address through /etc/hosts needs root");
        var name = $"rebind-{Guid.NewGuid():N}.test";
        using var entry = new HostsEntry(name, "127.0.0.1");
        fixture.Allowed.AnswerFor(name);
        try
        {
            // Allowed when added: the name resolves to 127.0.0.1. The clip is 3 s long, so the camera reconnects every few seconds.
            Assert.Equal(HttpStatusCode.Created, (await AddAsync("rebound", $"http://{name}:{fixture.Allowed.Port}/clip.ts")).StatusCode);
            Assert.True(await DecodedAsync("rebound") > 0);

            // The name now points into a refused range: the next start checks it again and goes nowhere.
            entry.PointTo("127.0.0.2");
            var error = await ErrorAsync("rebound", "resolves to 127.0.0.2");
            Assert.Contains(name, error, StringComparison.Ordinal);
            // A recording source is checked as the source is.
            using var recorded = await fixture.Http.PostAsJsonAsync(Url("/api/cameras"), new
            {
                id = "rebound-recording", source = fixture.Clips.MovingBox, fps = 5, model = "shapes", recordSource = $"http://{name}:{fixture.Allowed.Port}/clip.ts",
            });
            Assert.Equal(HttpStatusCode.BadRequest, recorded.StatusCode);
            var reason = await recorded.Content.ReadAsStringAsync();
            Assert.Contains("recordSource refused", reason, StringComparison.Ordinal);
            Assert.Contains("127.0.0.2", reason, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NoContent, (await fixture.Http.DeleteAsync(Url("/api/cameras/rebound"))).StatusCode);
        }
        finally
        {
            // Back to the server's address first: HttpListener resolves the name again to remove it.
            entry.PointTo("127.0.0.1");
            fixture.Allowed.StopAnsweringFor(name);
        }
    }

    [Fact]
    public async Task A_file_source_cannot_reach_the_network()
    {
        var before = fixture.Allowed.Requests.Count(path => path.StartsWith("/seg", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Created, (await AddAsync("file-playlist", fixture.FilePlaylist)).StatusCode);
        // ffmpeg's words: "Error when loading first segment 'http://…'" (its protocol whitelist for a file is file and crypto).
        var error = await ErrorAsync("file-playlist", "first segment");
        Assert.Contains(fixture.Allowed.BaseUrl, error, StringComparison.Ordinal);
        Assert.Equal(before, fixture.Allowed.Requests.Count(path => path.StartsWith("/seg", StringComparison.Ordinal)));
    }
}
