using System.Net;
using System.Net.Http.Json;
using System.Text;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Telemetry;

/// <summary>A silo exporting over OTLP to a receiver on loopback: an HTTP request's trace goes on through its grain calls, and logs arrive.</summary>
public sealed class TracingFixture : IAsyncLifetime
{
    public PostgresServer Postgres { get; } = new();
    public TestClips Clips { get; } = new();
    public HttpClient Http { get; } = SiloProcess.CreateHttpClient();
    public OtlpReceiver Receiver { get; } = new();
    public SiloProcess Silo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Postgres.InitializeAsync();
        Silo = new SiloProcess(Postgres.ConnectionString, new Dictionary<string, string>
        {
            ["Inference__Models__shapes__Builtin"] = "bright-object",
            ["Inference__Models__shapes__InputWidth"] = "640",
            ["Inference__Models__shapes__InputHeight"] = "384",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
            ["OTEL_SERVICE_NAME"] = "orleans-video-tests",
        });
        await Silo.WaitUntilReadyAsync(Http, TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Receiver.Dispose();
        Http.Dispose();
        Clips.Dispose();
        await Postgres.DisposeAsync();
    }
}

public sealed class TracingTests(TracingFixture fixture) : IClassFixture<TracingFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private async Task<bool> DecodedAsync()
    {
        var status = await fixture.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"{fixture.Silo.BaseUrl}/api/cameras/traced");
        return status.GetProperty("framesProcessed").GetInt64() > 0;
    }

    [Fact]
    public async Task A_request_s_trace_goes_on_through_the_grain_calls_it_makes_and_logs_are_exported()
    {
        var traceId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{fixture.Silo.BaseUrl}/api/cameras")
        {
            Content = JsonContent.Create(new { id = "traced", source = fixture.Clips.MovingBox, fps = 2, model = "shapes" }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-0123456789abcdef-01");
        using var response = await fixture.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        List<OtlpReceiver.Span> Traced() => [.. fixture.Receiver.Spans().Where(s => s.TraceId == traceId)];
        // Whole: the request's span (its parent is the caller's) and every span's parent, which ends after its children.
        bool Whole(List<OtlpReceiver.Span> spans) =>
            spans.Any(s => s.ParentSpanId == "0123456789abcdef") && spans.Count(s => s.Name.Contains("Grain", StringComparison.Ordinal)) >= 2
            && spans.All(s => s.ParentSpanId == "0123456789abcdef" || spans.Any(p => p.SpanId == s.ParentSpanId));
        await Eventually.TrueAsync(() => Whole(Traced()), Patience,
            () => $"the request's spans; exports: {string.Join(", ", fixture.Receiver.Exports.Select(e => $"{e.Path} {e.Body.Length} B"))}; spans: "
                  + string.Join("; ", fixture.Receiver.Spans().Select(s => $"{s.TraceId[..8]} {s.Name} ({s.Kind})")));
        var spans = Traced();
        var server = Assert.Single(spans, s => s.ParentSpanId == "0123456789abcdef");
        Assert.Equal(2, server.Kind);
        Assert.Contains("/api/cameras", server.Name, StringComparison.Ordinal);
        // The grain calls hang under the request, each span's parent another span of the same trace.
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        Assert.All(spans.Where(s => s != server), s => Assert.Contains(s.ParentSpanId!, ids));
        Assert.Contains(spans, s => s.Name.Contains("CameraRegistryGrain", StringComparison.Ordinal));
        Assert.Contains(spans, s => s.Name.Contains("ICameraGrain", StringComparison.Ordinal));

        // Frames are grain calls too, thousands of them, none asked for by a request: no trace of them is kept.
        // (A silo just started loads its models meanwhile, each a session a core: the first frame may take a while.)
        await Eventually.UntilAsync(DecodedAsync, Patience, "the camera to analyse a frame");
        Assert.DoesNotContain(fixture.Receiver.Spans(), s => s.Name.Contains("AnalyseAsync", StringComparison.Ordinal));

        var started = Encoding.UTF8.GetBytes("Camera traced started");
        await Eventually.TrueAsync(() => fixture.Receiver.Logs().Any(body => body.AsSpan().IndexOf(started) >= 0), Patience, "the camera's start in the logs");
    }
}
