using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Video.IntegrationTests.Live;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Telemetry;

/// <summary>
/// A healthy silo at the levels it ships with (appsettings.json, as run.sh and the deploys run it) logs its start in a
/// screenful and then nothing per frame, request, grain placement or viewer: an operator reads a day of it.
/// </summary>
public sealed class QuietLogTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    // What a start says: the host, Orleans' start, the schema, the models, the HTTP port. Orleans' options dump alone
    // was 250 lines.
    private const int StartLines = 60;

    // Adding a camera says so, and its first frames may say what the model does; a line per frame, request or viewer
    // is hundreds here.
    private const int LaterLines = 12;

    [Fact]
    public async Task A_healthy_silo_logs_its_start_in_a_screenful_and_nothing_per_frame_request_or_viewer()
    {
        await using var cluster = await SiloCluster.StartAsync();
        var silo = await cluster.AddSiloAsync(settings: new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Information" });
        // The output is read as it comes: the start's last lines may follow the first answer.
        var settled = await Eventually.ValueAsync(async () =>
        {
            var before = silo.Output;
            await Task.Delay(TimeSpan.FromSeconds(1));
            return (Before: before, After: silo.Output);
        }, o => o.Before.Length == o.After.Length, Settle, "the start's output settled");
        var started = Lines(settled.Before);
        Assert.True(started.Length <= StartLines, $"{started.Length} lines at start:\n{string.Join('\n', started)}");

        await cluster.AddCameraAsync("quiet", fps: 10);
        await Eventually.ValueAsync(() => cluster.CameraAsync("quiet"), c => c.GetProperty("framesProcessed").GetInt64() >= 100, Settle, "100 frames analysed");
        for (var i = 0; i < 50; i++)
        {
            var camera = await cluster.Http.GetFromJsonAsync<JsonElement>($"{silo.BaseUrl}/api/cameras/quiet");
            Assert.Equal("quiet", camera.GetProperty("id").GetString());
        }
        for (var i = 0; i < 5; i++)
        {
            await using (var video = await LiveVideoSocket.ConnectAsync(silo.BaseUrl, "quiet"))
            {
                await video.ReadUntilAsync(v => v.Segments.Count >= 2, Settle, "live video");
            }
            using var detections = await cluster.Http.GetAsync($"{silo.BaseUrl}/api/cameras/quiet/live", HttpCompletionOption.ResponseHeadersRead);
            detections.EnsureSuccessStatusCode();
            await using var body = await detections.Content.ReadAsStreamAsync();
            Assert.True(await body.ReadAsync(new byte[256]) > 0, "live detections");
        }

        var later = Lines(silo.Output)[started.Length..];
        Assert.True(later.Length <= LaterLines, $"{later.Length} lines after the start, for a camera, 100 frames, 50 requests and 10 viewers:\n{string.Join('\n', later)}");
        Assert.DoesNotContain(later, line => line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal));
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
