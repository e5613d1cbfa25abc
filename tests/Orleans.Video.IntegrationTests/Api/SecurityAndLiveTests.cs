using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenCvSharp;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Api;

/// <summary>API key and login, health, OpenAPI, snapshots and Server-Sent Events on a real silo process.</summary>
public sealed class SecurityAndLiveTests(SiloApiFixture fixture) : IClassFixture<SiloApiFixture>
{
    private readonly HttpClient _http = fixture.Http;

    private string Url(string path) => fixture.Silo.BaseUrl + path;

    [Theory]
    [InlineData("/api/cameras", null)]
    [InlineData("/api/cameras", "wrong-key")]
    [InlineData("/dashboard/", null)]
    [InlineData("/api/cameras/x/snapshot", "wrong-key")]
    public async Task Protected_routes_answer_401_with_a_json_problem_without_the_key(string path, string? key)
    {
        using var anonymous = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(path));
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }
        using var response = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_browser_logs_in_with_the_key_and_its_cookie_opens_the_api()
    {
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostAsJsonAsync(Url("/auth/login"), new { key = "nope" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsJsonAsync(Url("/auth/login"), new { key = SiloProcess.ApiKey })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(Url("/api/cameras"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(Url("/dashboard/"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync(Url("/auth/logout"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(Url("/api/cameras"))).StatusCode);
    }

    [Fact]
    public async Task The_login_cookie_is_secure_when_the_browser_came_over_https_through_a_proxy()
    {
        async Task<string> LoginCookieAsync(string? forwardedProto)
        {
            using var browser = new HttpClient();
            using var login = new HttpRequestMessage(HttpMethod.Post, Url("/auth/login")) { Content = JsonContent.Create(new { key = SiloProcess.ApiKey }) };
            if (forwardedProto is not null)
            {
                login.Headers.Add("X-Forwarded-Proto", forwardedProto);
            }
            using var response = await browser.SendAsync(login);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("orleans-video=", StringComparison.Ordinal));
        }

        Assert.Contains("; secure", await LoginCookieAsync("https"), StringComparison.OrdinalIgnoreCase);
        // Plain HTTP (run.sh on one machine) keeps working: no Secure flag the browser would then refuse to send.
        Assert.DoesNotContain("; secure", await LoginCookieAsync(null), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_are_open_and_healthy(string path)
    {
        using var anonymous = new HttpClient();
        using var response = await anonymous.GetAsync(Url(path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_lists_every_route_with_a_summary()
    {
        using var anonymous = new HttpClient();
        var document = await anonymous.GetFromJsonAsync<JsonElement>(Url("/openapi/v1.json"));
        var paths = document.GetProperty("paths");
        string[] expected =
        [
            "/api/cameras", "/api/cameras/{id}", "/api/cameras/{id}/detections", "/api/detections", "/api/events",
            "/api/cameras/{id}/snapshot", "/api/cameras/{id}/live", "/auth/login", "/auth/logout",
        ];
        foreach (var path in expected)
        {
            Assert.True(paths.TryGetProperty(path, out var operations), $"{path} missing from the OpenAPI document");
            foreach (var operation in operations.EnumerateObject())
            {
                Assert.False(string.IsNullOrEmpty(operation.Value.GetProperty("summary").GetString()), $"{operation.Name} {path} has no summary");
            }
        }
    }

    [Fact]
    public async Task The_snapshot_shows_the_latest_frame_with_its_box_drawn_and_live_detections_arrive_as_server_sent_events()
    {
        await _http.PostAsJsonAsync(Url("/api/cameras"), new { id = "snap", source = fixture.Clips.MovingBox, fps = 5, model = "shapes" });

        var jpeg = await Eventually.ValueAsync(async () =>
        {
            using var response = await _http.GetAsync(Url("/api/cameras/snap/snapshot"));
            return response.IsSuccessStatusCode ? await response.Content.ReadAsByteArrayAsync() : [];
        }, bytes => bytes.Length > 0, TimeSpan.FromSeconds(60), "a snapshot");
        using var image = Cv2.ImDecode(jpeg, ImreadModes.Color);
        Assert.Equal(640, image.Width);
        Assert.Equal(360, image.Height);
        // The box outline is drawn in pure green over a black and white frame.
        using var green = new Mat();
        Cv2.InRange(image, new Scalar(0, 180, 0), new Scalar(90, 255, 90), green);
        Assert.True(Cv2.CountNonZero(green) > 100, "no green box outline in the snapshot");

        using var sse = new HttpRequestMessage(HttpMethod.Get, Url("/api/cameras/snap/live"));
        using var response = await _http.SendAsync(sse, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<JsonElement>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (events.Count < 3 && await reader.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var data = JsonDocument.Parse(line["data: ".Length..]).RootElement;
                if (data.TryGetProperty("cameraId", out _))
                {
                    events.Add(data);
                }
            }
        }
        Assert.Equal(3, events.Count);
        Assert.All(events, e => Assert.Equal("snap", e.GetProperty("cameraId").GetString()));
        Assert.Contains(events, e => e.GetProperty("detections").GetArrayLength() == 1);

        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync(Url("/api/cameras/nope/snapshot"))).StatusCode);
        await _http.DeleteAsync(Url("/api/cameras/snap"));
    }

    [Fact]
    public async Task Metrics_from_the_product_and_orleans_are_exposed_for_prometheus()
    {
        await _http.PostAsJsonAsync(Url("/api/cameras"), new { id = "metrics-cam", source = fixture.Clips.MovingBox, fps = 5, model = "shapes" });
        using var scraper = new HttpClient();
        var text = await Eventually.ValueAsync(() => scraper.GetStringAsync(Url("/metrics")),
            body => body.Contains("camera=\"metrics-cam\"") && body.Contains("orleans_video_inference_duration"),
            TimeSpan.FromSeconds(60), "the camera's frame counters and the inference histogram");
        Assert.Contains("orleans_video_frames_decoded", text);
        Assert.Contains("orleans_video_inference_batch_size", text);
        Assert.Contains("orleans_video_inference_queue_depth", text);
        Assert.Matches(@"(?m)^orleans_(?!video)\w+", text); // Orleans' own meter

        // Prometheus' conventions (what promtool's lint checks): help on every family, durations in seconds, counters
        // ending in _total, no unit abbreviations in names.
        var families = Regex.Matches(text, @"(?m)^# TYPE (orleans_video_\w+) (\w+)$").Select(m => (Name: m.Groups[1].Value, Type: m.Groups[2].Value)).ToList();
        Assert.NotEmpty(families);
        Assert.All(families, family =>
        {
            Assert.Matches($@"(?m)^# HELP {family.Name} \S", text);
            Assert.DoesNotMatch("_(ms|milliseconds|msec)(_|$)", family.Name);
            Assert.True(family.Type != "counter" || family.Name.EndsWith("_total", StringComparison.Ordinal), $"{family.Name} is a counter without _total");
        });
        Assert.Contains(families, family => family is { Name: "orleans_video_inference_duration_seconds", Type: "histogram" });
        await _http.DeleteAsync(Url("/api/cameras/metrics-cam"));
    }
}
