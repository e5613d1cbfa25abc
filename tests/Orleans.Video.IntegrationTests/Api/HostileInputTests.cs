using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Api;

/// <summary>
/// One silo process started with run.sh's source settings: file sources only under the clips folder
/// (<c>Sources:MediaRoots</c>), recordings and uploads under a separate storage root, private networks refused. The only
/// addition is <c>Sources:AllowedHosts</c> 127.0.0.1, so a camera with a password can point at a closed loopback port
/// instead of a real host. A demo camera runs throughout.
/// </summary>
public sealed class RunShSiloFixture : IAsyncLifetime
{
    public const string DemoCamera = "demo-box";

    public SiloCluster Cluster { get; private set; } = null!;
    public SiloProcess Silo { get; private set; } = null!;
    public string StorageRoot { get; } = Directory.CreateTempSubdirectory("orleans-video-runsh-media-").FullName;

    public async Task InitializeAsync()
    {
        Cluster = await SiloCluster.StartAsync();
        Silo = await Cluster.AddSiloAsync(settings: new Dictionary<string, string>
        {
            ["Sources__MediaRoots__0"] = Cluster.Clips.Directory,
            ["Sources__AllowPrivateNetworks"] = "false",
            ["Sources__AllowedHosts__0"] = "127.0.0.1",
            ["Storage__Root"] = StorageRoot,
            ["Storage__MaxBytes"] = (2L * 1024 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await Cluster.AddCameraAsync(DemoCamera, fps: 5);
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(StorageRoot, recursive: true);
    }
}

/// <summary>What the review of issue #32 tried, and more: each hostile request answers 4xx with its reason, none 5xx.</summary>
public sealed class HostileInputTests(RunShSiloFixture fixture) : IClassFixture<RunShSiloFixture>
{
    private HttpClient Admin => fixture.Cluster.Http;

    private string Url(string path) => fixture.Silo.BaseUrl + path;

    [Fact]
    public async Task A_first_upload_is_analysed_on_a_silo_started_as_run_sh_starts_it()
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("shapes"), "model");
        var file = new StreamContent(File.OpenRead(fixture.Cluster.Clips.Visit));
        file.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        form.Add(file, "file", "first upload.mp4");
        using var submitted = await Admin.PostAsync(Url("/api/jobs"), form);
        Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, await submitted.Content.ReadAsStringAsync());
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var done = await Eventually.ValueAsync(
            () => Admin.GetFromJsonAsync<JsonElement>(Url($"/api/jobs/{id}")),
            job => job.GetProperty("state").GetString() is "Done" or "Failed", TimeSpan.FromSeconds(120), "the upload's job to end");
        Assert.True(done.GetProperty("state").GetString() == "Done", done.ToString());
        Assert.Equal(TestClips.VisitSeconds * TestClips.Fps, done.GetProperty("framesDone").GetInt64());
        Assert.True(done.GetProperty("events").GetInt32() > 0, done.ToString());
        // The upload lies under the storage root, which is not a media root: only its own job may read it.
        Assert.True(Directory.Exists(Path.Combine(fixture.StorageRoot, "jobs", id)));
        await RefusedAsync(
            await Admin.PostAsJsonAsync(Url("/api/cameras"), new { id = "reads-an-upload", source = Directory.GetFiles(Path.Combine(fixture.StorageRoot, "jobs", id))[0], fps = 1, model = "shapes" }),
            HttpStatusCode.BadRequest, "Sources:MediaRoots");
    }

    [Fact]
    public async Task Hostile_requests_get_a_4xx_with_the_reason_create_nothing_and_the_demo_camera_keeps_running()
    {
        var processedBefore = await ProcessedAsync();
        var jobsBefore = (await Admin.GetFromJsonAsync<JsonElement>(Url("/api/jobs"))).GetArrayLength();
        var written = Path.Combine(Path.GetTempPath(), $"injected-{Guid.NewGuid():N}.mp4");
        using var browser = await LoggedInBrowserAsync();
        var viewer = await CreateKeyAsync($"sweep-viewer-{Guid.NewGuid():N}"[..24], "viewer");
        var operatorKey = await CreateKeyAsync($"sweep-operator-{Guid.NewGuid():N}"[..26], "operator");
        var port = fixture.Silo.HttpPort;
        var clips = fixture.Cluster.Clips.Directory;

        var cases = new List<(string What, Func<Task<HttpResponseMessage>> Send, string Reason)>
        {
            // Sources that would be ffmpeg syntax, or reach what they may not.
            Camera("quotes add an output", $"http://cam.invalid/a.ts\" -y \"{written}", "not a URL"),
            Camera("blank adds an argument", $"http://cam.invalid/a.ts -y {written}", "not a URL"),
            Camera("apostrophes", $"rtsp://cam.invalid/live' -y '{written}", "not a URL"),
            Camera("backslash", "http://cam.invalid/a\\b.ts", "not a URL"),
            Camera("bad percent", "http://cam.invalid/%zz", "percent-encoded"),
            Camera("a file with quotes", $"{clips}/moving-box.mp4\" -i \"/etc/passwd", "quotes"),
            Camera("a file that is an option", "-i", "must not start with '-'"),
            Camera("a protocol prefix", "concat:/etc/passwd|/etc/hosts", "file path or a URL"),
            Camera("file URL", "file:///etc/passwd", "scheme 'file' is not allowed"),
            Camera("data URL", "data://text/plain;base64,AAAA", "scheme 'data' is not allowed"),
            Camera("tcp listen", "tcp://127.0.0.1:5000?listen=1", "'listen' is not allowed"),
            Camera("udp local port", "udp://127.0.0.1:5000?localport=22", "'localport' is not allowed"),
            Camera("another loopback", "http://127.0.0.2:8080/x.ts", "Sources:AllowPrivateNetworks"),
            Camera("cloud metadata", "http://169.254.169.254/latest/meta-data", "Sources:AllowPrivateNetworks"),
            Camera("private range", "rtsp://10.1.2.3/live", "Sources:AllowPrivateNetworks"),
            Camera("a file outside the media roots", "/etc/passwd", "Sources:MediaRoots"),
            Camera("the storage root", Path.Combine(fixture.StorageRoot, "jobs", "x", "y.mp4"), "Sources:MediaRoots"),
            Camera("recordSource with quotes", $"{clips}/moving-box.mp4", "recordSource is not a URL", recordSource: "rtsp://cam.invalid/a\" -f mp4 \"/tmp/x"),
            Camera("a masked password with none stored", "rtsp://admin:***@127.0.0.1:9/live", "send the password"),
            ("a camera id that is a path", () => Admin.PostAsJsonAsync(Url("/api/cameras"), new { id = "../etc", source = $"{clips}/moving-box.mp4", fps = 1, model = "shapes" }), "id"),
            ("a body that is not JSON", () => Admin.PostAsync(Url("/api/cameras"), new StringContent("{\"id\":", Encoding.UTF8, "application/json")), "body must be JSON"),
            ("a chunked body past the limit", () => Admin.PostAsync(Url("/api/cameras"), new ChunkedContent(96 * 1024)), "body must be at most"),
            ("a declared length past the limit", () => Admin.PostAsync(Url("/api/cameras"), new StringContent(new string(' ', 100 * 1024), Encoding.UTF8, "application/json")), "body must be at most"),
            // Dates at the calendar's edges, cursors that overflow.
            Get("to at the calendar's end", "/api/cameras/demo-box/detections?to=9999-12-31T23:59:59Z", "1970-01-01"),
            Get("from at the calendar's start", "/api/detections?from=0001-01-01", "1970-01-01"),
            Get("the last tick", "/api/detections?to=9999-12-31T23:59:59.9999999Z", "1970-01-01"),
            Get("an offset past the end", "/api/detections?from=9999-12-31T23:59:59%2B14:00", "ISO 8601"),
            Get("a cursor at the last tick", "/api/detections?cursor=3155378975999999999.9223372036854775807.2147483647.YzE", "cursor"),
            Get("a negative cursor", "/api/detections?cursor=-1.0.0.YQ", "cursor"),
            Get("an event cursor past long", "/api/events?cursor=99999999999999999999.YQ.YQ", "cursor"),
            Get("events to the calendar's end", "/api/events?to=9999-12-31T23:59:59Z", "1970-01-01"),
            Get("a camera's events from year 1", "/api/cameras/demo-box/events?from=0001-01-01", "1970-01-01"),
            Get("recordings in year 1", "/api/cameras/demo-box/recordings?from=0001-01-01T00:00:00Z&to=0001-01-01T01:00:00Z", "1970-01-01"),
            Get("a playlist at the end", "/api/cameras/demo-box/vod.m3u8?from=9999-12-31T23:00:00Z&to=9999-12-31T23:59:59Z", "1970-01-01"),
            Get("a clip in year 1", "/api/cameras/demo-box/clip.mp4?from=0001-01-01T00:00:00Z&to=0001-01-01T00:01:00Z", "1970-01-01"),
            Get("a recordings cursor that is not a number", "/api/cameras/demo-box/recordings?cursor=abc", "cursor"),
            Get("the audit from year 1", "/api/audit?from=0001-01-01", "1970-01-01"),
            Get("a month 13", "/api/cameras/demo-box/detections?from=2026-13-45", "ISO 8601"),
            Get("limit zero", "/api/detections?limit=0", "limit"),
            // Jobs.
            ("a job reading /etc/passwd", () => Admin.PostAsJsonAsync(Url("/api/jobs"), new { source = "/etc/passwd", model = "shapes" }), "Sources:MediaRoots"),
            ("a job path with quotes", () => Admin.PostAsJsonAsync(Url("/api/jobs"), new { source = $"{clips}/a\" -y \"{written}", model = "shapes" }), "quotes"),
            ("a job URL", () => Admin.PostAsJsonAsync(Url("/api/jobs"), new { source = "http://cam.invalid/a.mp4", model = "shapes" }), "absolute path"),
            // Forged requests: the login cookie from another origin, or with none.
            ("an upload with the cookie from another site", () => browser.SendAsync(Upload("https://evil.example")), "origin https://evil.example"),
            ("an upload with the cookie and no origin", () => browser.SendAsync(Upload(origin: null)), "Origin header"),
            ("a removal from another port", () => browser.SendAsync(WithOrigin(HttpMethod.Delete, "/api/cameras/demo-box", $"http://127.0.0.1:{port + 1}")), "is not this site"),
            ("a removal from https", () => browser.SendAsync(WithOrigin(HttpMethod.Delete, "/api/cameras/demo-box", $"https://127.0.0.1:{port}")), "is not this site"),
            ("live events to another site", () => browser.SendAsync(WithOrigin(HttpMethod.Get, "/api/cameras/demo-box/live", "http://evil.example")), "is not this site"),
            ("a login from another site", () => browser.SendAsync(WithOrigin(HttpMethod.Post, "/auth/login", "http://evil.example", JsonContent.Create(new { key = SiloProcess.ApiKey }))), "is not this site"),
            // Keys and roles.
            ("an operator making keys", () => Send(HttpMethod.Post, "/api/keys", operatorKey, JsonContent.Create(new { name = "mine", role = "admin" })), "has the role operator"),
            ("a viewer adding a camera", () => Send(HttpMethod.Post, "/api/cameras", viewer, JsonContent.Create(new { id = "v", source = $"{clips}/moving-box.mp4", fps = 1, model = "shapes" })), "has the role viewer"),
            ("a key named like the configured one", () => Admin.PostAsJsonAsync(Url("/api/keys"), new { name = "Api:Key", role = "viewer" }), "name must be"),
        };
        Assert.True(cases.Count >= 40, $"{cases.Count} cases");

        var wrong = new List<string>();
        foreach (var (what, send, reason) in cases)
        {
            using var response = await send();
            var body = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode is < 400 or >= 500 || !body.Contains(reason, StringComparison.OrdinalIgnoreCase))
            {
                wrong.Add($"{what}: {(int)response.StatusCode} {body}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));

        // The live video WebSocket from another site, with the cookie.
        using (var socket = new ClientWebSocket())
        {
            socket.Options.Cookies = Cookies;
            socket.Options.SetRequestHeader("Origin", "http://evil.example");
            var refused = await Assert.ThrowsAnyAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/api/cameras/demo-box/video"), CancellationToken.None));
            Assert.Contains("403", refused.Message);
        }

        // Nothing was made: no camera of the sweep, no job, no file where an injected output would have gone.
        var cameras = (await Admin.GetFromJsonAsync<JsonElement>(Url("/api/cameras"))).EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.DoesNotContain(cameras, id => id!.StartsWith("hostile-", StringComparison.Ordinal) || id == "v");
        Assert.Contains(RunShSiloFixture.DemoCamera, cameras);
        Assert.Equal(jobsBefore, (await Admin.GetFromJsonAsync<JsonElement>(Url("/api/jobs"))).GetArrayLength());
        Assert.False(File.Exists(written));
        Assert.DoesNotContain("unhandled exception", fixture.Silo.Output, StringComparison.OrdinalIgnoreCase);
        await Eventually.UntilAsync(async () => await ProcessedAsync() > processedBefore, TimeSpan.FromSeconds(30), "the demo camera to go on analysing");
    }

    [Fact]
    public async Task Live_streams_past_a_key_s_cap_get_a_429_with_retry_after()
    {
        var key = await CreateKeyAsync($"streams-{Guid.NewGuid():N}"[..20], "viewer");
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var open = new List<HttpResponseMessage>();
        try
        {
            // The default cap, Api:LiveStreamsPerKey = 32: every one of them opens, the next is refused.
            for (var i = 0; i < 32; i++)
            {
                var stream = await http.SendAsync(Request(HttpMethod.Get, "/api/cameras/demo-box/live", key), HttpCompletionOption.ResponseHeadersRead);
                open.Add(stream);
                Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
            }
            using var refused = await http.SendAsync(Request(HttpMethod.Get, "/api/cameras/demo-box/events/live", key), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Contains("Api:LiveStreamsPerKey", await refused.Content.ReadAsStringAsync());
            // Another key is not held back by this one's streams.
            using var other = await Admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, Url("/api/cameras/demo-box/live")), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }
        finally
        {
            open.ForEach(stream => stream.Dispose());
        }
        // Closed streams give their slots back.
        await Eventually.UntilAsync(async () =>
        {
            using var again = await http.SendAsync(Request(HttpMethod.Get, "/api/cameras/demo-box/live", key), HttpCompletionOption.ResponseHeadersRead);
            return again.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(20), "a slot to come back after the streams closed", poll: TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task Uploads_past_the_cluster_s_bytes_in_flight_get_a_429_and_give_their_budget_back()
    {
        // Two uploads without a length hold Jobs:MaxUploadBytes each (20 GiB): the default budget, 40 GiB, is spent. They
        // ask to continue (Expect: 100-continue, as curl does for large files), so their bodies start only once the silo
        // has reserved their share and reads: a probe sent before that could take the share itself and refuse one of them.
        using var http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(1) }) { Timeout = Timeout.InfiniteTimeSpan };
        using (var stop = new CancellationTokenSource())
        {
            // A kilobyte every 100 ms, above Kestrel's minimum body rate: in flight until stopped.
            var uploads = await StartSlowUploadsAsync(TimeSpan.FromMilliseconds(100), stop.Token);
            try
            {
                using var third = await Admin.PostAsync(Url("/api/jobs"), NotAVideo());
                Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
                Assert.NotNull(third.Headers.RetryAfter);
                Assert.Contains("Jobs:MaxUploadBytesInFlight", await third.Content.ReadAsStringAsync());
            }
            finally
            {
                await stop.CancelAsync();
                await Task.WhenAll(uploads.Select(s => s.ContinueWith(_ => { }, TaskScheduler.Default)));
            }
        }
        await BudgetIsBackAsync("the budget to come back after the uploads were stopped");

        // Two that stall (connection open, nothing more sent) are cut off by Kestrel's minimum body rate and give their
        // share back while their clients still wait: a stalled client cannot hold the cluster's uploads for hours.
        using (var stop = new CancellationTokenSource())
        {
            var stalled = await StartSlowUploadsAsync(Timeout.InfiniteTimeSpan, stop.Token);
            try
            {
                await BudgetIsBackAsync("the stalled uploads to be cut off");
            }
            finally
            {
                await stop.CancelAsync();
                await Task.WhenAll(stalled.Select(s => s.ContinueWith(_ => { }, TaskScheduler.Default)));
            }
        }

        async Task<List<Task<HttpResponseMessage>>> StartSlowUploadsAsync(TimeSpan every, CancellationToken stop)
        {
            var bodies = Enumerable.Range(0, 2).Select(_ => new SlowUpload(every, stop)).ToList();
            var sent = bodies.Select(body =>
            {
                var request = Request(HttpMethod.Post, "/api/jobs", SiloProcess.ApiKey, body);
                request.Headers.ExpectContinue = true;
                return http.SendAsync(request, stop);
            }).ToList();
            await Task.WhenAll(bodies.Select(body => body.Started)).WaitAsync(TimeSpan.FromSeconds(30));
            return sent;
        }

        // The next upload is read, and refused for what it is: not a video.
        async Task BudgetIsBackAsync(string what) => await Eventually.UntilAsync(async () =>
        {
            using var next = await Admin.PostAsync(Url("/api/jobs"), NotAVideo());
            return next.StatusCode == HttpStatusCode.BadRequest;
        }, TimeSpan.FromSeconds(30), what, poll: TimeSpan.FromMilliseconds(500));

        static MultipartFormDataContent NotAVideo() =>
            new() { { new StringContent("shapes"), "model" }, { new ByteArrayContent(Encoding.ASCII.GetBytes("not a video at all")), "file", "text.mp4" } };
    }

    [Fact]
    public async Task A_viewer_or_operator_never_sees_a_camera_password_and_an_edit_with_the_mask_keeps_it()
    {
        const string secret = "s3cret-pass";
        var source = $"rtsp://admin:{secret}@127.0.0.1:9/live";
        using (var added = await Admin.PostAsJsonAsync(Url("/api/cameras"), new { id = "with-password", source, fps = 1, model = "shapes", recordSource = $"rtsp://rec:{secret}@127.0.0.1:9/main" }))
        {
            Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        }
        var viewer = await CreateKeyAsync($"pw-viewer-{Guid.NewGuid():N}"[..20], "viewer");
        var operatorKey = await CreateKeyAsync($"pw-operator-{Guid.NewGuid():N}"[..22], "operator");
        try
        {
            // The camera fails to connect (nothing listens on port 9): its error names the URL ffmpeg would have opened.
            await Eventually.UntilAsync(async () =>
                (await Admin.GetFromJsonAsync<JsonElement>(Url("/api/cameras/with-password"))).GetProperty("lastError").GetString() is { Length: > 0 },
                TimeSpan.FromSeconds(60), "the camera's connection error");
            foreach (var key in new[] { viewer, operatorKey })
            {
                foreach (var path in new[] { "/api/cameras", "/api/cameras/with-password", "/api/audit" })
                {
                    using var response = await Send(HttpMethod.Get, path, key);
                    var body = await response.Content.ReadAsStringAsync();
                    Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
                }
            }
            var shown = await (await Send(HttpMethod.Get, "/api/cameras/with-password", viewer)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("rtsp://admin:***@127.0.0.1:9/live", shown.GetProperty("source").GetString());
            Assert.Equal("rtsp://rec:***@127.0.0.1:9/main", shown.GetProperty("recordSource").GetString());
            var admin = await Admin.GetFromJsonAsync<JsonElement>(Url("/api/cameras/with-password"));
            Assert.Equal(source, admin.GetProperty("source").GetString());
            Assert.DoesNotContain(secret, admin.GetProperty("lastError").GetString(), StringComparison.Ordinal);

            // The operator's form, filled from the masked view, changes the fps and keeps the password.
            using (var edited = await Send(HttpMethod.Post, "/api/cameras", operatorKey, JsonContent.Create(new
            {
                id = "with-password", source = shown.GetProperty("source").GetString(), fps = 2, model = "shapes", recordSource = shown.GetProperty("recordSource").GetString(),
            })))
            {
                Assert.True(edited.StatusCode == HttpStatusCode.Created, await edited.Content.ReadAsStringAsync());
                Assert.DoesNotContain(secret, await edited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            admin = await Admin.GetFromJsonAsync<JsonElement>(Url("/api/cameras/with-password"));
            Assert.Equal(source, admin.GetProperty("source").GetString());
            Assert.Equal(2, admin.GetProperty("fps").GetDouble());

            // The mask does not carry the password to another host.
            using var elsewhere = await Send(HttpMethod.Post, "/api/cameras", operatorKey, JsonContent.Create(new { id = "with-password", source = "rtsp://admin:***@127.0.0.1:10/live", fps = 2, model = "shapes" }));
            await RefusedAsync(elsewhere, HttpStatusCode.BadRequest, "send the password");
            Assert.DoesNotContain(secret, fixture.Silo.Output, StringComparison.Ordinal);
        }
        finally
        {
            await Admin.DeleteAsync(Url("/api/cameras/with-password"));
        }
    }

    private (string, Func<Task<HttpResponseMessage>>, string) Camera(string what, string source, string reason, string? recordSource = null) =>
        (what, () => Admin.PostAsJsonAsync(Url("/api/cameras"), new { id = $"hostile-{Math.Abs(what.GetHashCode()) % 100000}", source, fps = 1, model = "shapes", recordSource }), reason);

    private (string, Func<Task<HttpResponseMessage>>, string) Get(string what, string path, string reason) =>
        (what, () => Admin.GetAsync(Url(path)), reason);

    private HttpRequestMessage Upload(string? origin)
    {
        var form = new MultipartFormDataContent { { new StringContent("shapes"), "model" }, { new ByteArrayContent([0, 0, 0, 24]), "file", "forged.mp4" } };
        return WithOrigin(HttpMethod.Post, "/api/jobs", origin, form);
    }

    private HttpRequestMessage WithOrigin(HttpMethod method, string path, string? origin, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, Url(path)) { Content = content };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        return request;
    }

    private CookieContainer Cookies { get; } = new();

    private async Task<HttpClient> LoggedInBrowserAsync()
    {
        var browser = new HttpClient(new HttpClientHandler { CookieContainer = Cookies });
        using var login = await browser.PostAsJsonAsync(Url("/auth/login"), new { key = SiloProcess.ApiKey });
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        return browser;
    }

    private HttpRequestMessage Request(HttpMethod method, string path, string key, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, Url(path)) { Content = content };
        request.Headers.Add("X-Api-Key", key);
        return request;
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string key, HttpContent? content = null)
    {
        using var anonymous = new HttpClient();
        return await anonymous.SendAsync(Request(method, path, key, content));
    }

    private async Task<string> CreateKeyAsync(string name, string role)
    {
        using var response = await Admin.PostAsJsonAsync(Url("/api/keys"), new { name, role });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    private async Task<long> ProcessedAsync() =>
        (await Admin.GetFromJsonAsync<JsonElement>(Url($"/api/cameras/{RunShSiloFixture.DemoCamera}"))).GetProperty("framesProcessed").GetInt64();

    private static async Task RefusedAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {body}");
            Assert.Contains(reason, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>A multipart upload that sends its file part's start and then nothing, without a length, until cancelled.</summary>
    /// <summary>
    /// A multipart upload without a length that sends its file part a kilobyte every <c>every</c> until stopped; with an
    /// infinite interval, the part's headers and then nothing. <see cref="Started"/> completes when its body begins.
    /// </summary>
    private sealed class SlowUpload : HttpContent
    {
        private static readonly byte[] Kilobyte = Encoding.ASCII.GetBytes(new string('0', 1024));
        private readonly TimeSpan _every;
        private readonly CancellationToken _stop;
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public SlowUpload(TimeSpan every, CancellationToken stop)
        {
            _every = every;
            _stop = stop;
            Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=slow");
        }

        public Task Started => _started.Task;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            _started.TrySetResult();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("--slow\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.mp4\"\r\n\r\n0000"), _stop);
            await stream.FlushAsync(_stop);
            while (true)
            {
                await Task.Delay(_every, _stop);
                await stream.WriteAsync(Kilobyte, _stop);
                await stream.FlushAsync(_stop);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>A JSON-looking body of <paramref name="length"/> bytes sent chunked: no Content-Length to refuse it by.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly int _length;

        public ChunkedContent(int length)
        {
            _length = length;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = Encoding.UTF8.GetBytes(new string(' ', 8192));
            for (var sent = 0; sent < _length; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
