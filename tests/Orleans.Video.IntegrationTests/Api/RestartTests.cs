using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Api;

/// <summary>A silo process stopped and a new one started on the same PostgreSQL: results and cameras survive.</summary>
public sealed class RestartTests : IAsyncLifetime
{
    private readonly PostgresServer _postgres = new();
    private readonly TestClips _clips = new();
    private readonly HttpClient _http = SiloProcess.CreateHttpClient();

    public Task InitializeAsync() => _postgres.InitializeAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _clips.Dispose();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task Detections_and_running_cameras_survive_a_silo_restart()
    {
        var settings = new Dictionary<string, string>
        {
            ["Silo__ClusterId"] = "restart-test",
            ["Inference__Models__shapes__Builtin"] = "bright-object",
            ["Inference__Models__shapes__InputWidth"] = "640",
            ["Inference__Models__shapes__InputHeight"] = "384",
        };

        long[] before;
        await using (var first = new SiloProcess(_postgres.ConnectionString, settings))
        {
            await first.WaitUntilReadyAsync(_http, TimeSpan.FromSeconds(90));
            var created = await _http.PostAsJsonAsync($"{first.BaseUrl}/api/cameras", new { id = "survivor", source = _clips.MovingBox, fps = 5, model = "shapes" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            before = await Eventually.ValueAsync(() => SequencesAsync(first), s => s.Length >= 5, TimeSpan.FromSeconds(60), "five detections");
            await first.StopAsync(TimeSpan.FromSeconds(45));
        }

        await using var second = new SiloProcess(_postgres.ConnectionString, settings);
        await second.WaitUntilReadyAsync(_http, TimeSpan.FromSeconds(90));

        // Nobody re-adds the camera: the registry restarts it when the silo starts.
        await Eventually.ValueAsync(
            () => _http.GetFromJsonAsync<JsonElement>($"{second.BaseUrl}/api/cameras/survivor"),
            status => status.GetProperty("state").GetString() == "Running" && status.GetProperty("framesProcessed").GetInt64() >= 3,
            TimeSpan.FromSeconds(60), "the camera to run again on the new silo");

        var after = await Eventually.ValueAsync(() => SequencesAsync(second),
            s => s.Any(seq => FrameSequence.Generation(seq) > FrameSequence.Generation(before.Max())),
            TimeSpan.FromSeconds(60), "detections from the restarted decoder");
        Assert.Subset(after.ToHashSet(), before.ToHashSet());
        Assert.Equal(after.Length, after.Distinct().Count());
    }

    private async Task<long[]> SequencesAsync(SiloProcess silo)
    {
        var page = await _http.GetFromJsonAsync<JsonElement>($"{silo.BaseUrl}/api/cameras/survivor/detections?limit=1000");
        return page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("sequence").GetInt64()).ToArray();
    }
}
