using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Recordings;

/// <summary>
/// The media volume full, for real: a 24 MiB tmpfs as the storage root and a camera whose recording fills it in
/// seconds, so ffmpeg's writes fail with "No space left on device". Mounting needs root (CI and this machine run the
/// tests as root); elsewhere the test says it was skipped.
/// </summary>
public sealed class FullDiskTests
{
    private const long MinFreeBytes = 6L * 1024 * 1024;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    [SkippableFact]
    public async Task A_full_volume_pauses_recording_with_a_status_and_a_metric_retention_frees_it_and_recording_resumes_while_detection_goes_on()
    {
        Skip.IfNot(Environment.IsPrivilegedProcess, "mounting a small tmpfs as the media volume needs root");
        var root = Directory.CreateTempSubdirectory("orleans-video-full-disk-").FullName;
        await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", "size=24m", "tmpfs", root], TimeSpan.FromSeconds(30));
        try
        {
            await using var cluster = await SiloCluster.StartAsync();
            var silo = await cluster.AddSiloAsync(settings: new Dictionary<string, string>
            {
                ["Storage__Root"] = root,
                ["Storage__MinFreeBytes"] = MinFreeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Storage__SegmentLength"] = "00:00:02",
                ["Storage__IndexInterval"] = "00:00:02",
            });
            using (var added = await cluster.Http.PostAsJsonAsync(cluster.ApiUrl("/api/cameras"), new
            {
                id = "full", source = cluster.Clips.Heavy, fps = 2, model = "shapes", motionGate = false, record = new { mode = "continuous" },
            }))
            {
                Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
            }
            await Eventually.ValueAsync(() => cluster.CameraAsync("full"), c => c.GetProperty("recording").GetBoolean(), Patience, "recording");

            // About 1 MB a second fills the volume: recording pauses, says why, and the gauge says so too.
            var paused = await Eventually.ValueAsync(() => cluster.CameraAsync("full"), c => c.GetProperty("recordingError").GetString() is { Length: > 0 }, Patience,
                "recording paused by the full volume");
            var error = paused.GetProperty("recordingError").GetString()!;
            Assert.True(error.Contains("MiB free", StringComparison.Ordinal) || error.Contains("No space left", StringComparison.Ordinal), error);
            await Eventually.ValueAsync(() => ScrapeAsync(cluster, silo), scrape => Gauge(scrape) == "0",
                Patience, "the recording gauge at 0");

            // Nothing else stops: the camera runs and analyses.
            var processed = paused.GetProperty("framesProcessed").GetInt64();
            await Eventually.ValueAsync(() => cluster.CameraAsync("full"),
                c => c.GetProperty("state").GetString() == "Running" && c.GetProperty("framesProcessed").GetInt64() >= processed + 10, Patience, "analysis going on");

            // Retention deletes the oldest segments until Storage:MinFreeBytes is free, and recording resumes by itself.
            await Eventually.ValueAsync(() => cluster.CameraAsync("full"),
                c => c.GetProperty("recording").GetBoolean() && c.GetProperty("recordingError").ValueKind == JsonValueKind.Null, Patience, "recording again");
            await Eventually.ValueAsync(() => ScrapeAsync(cluster, silo), scrape => Gauge(scrape) == "1",
                Patience, "the recording gauge back at 1");
            var spans = await cluster.Http.GetFromJsonAsync<JsonElement>(cluster.ApiUrl("/api/cameras/full/recordings"));
            Assert.NotEmpty(spans.GetProperty("items").EnumerateArray());
            Assert.Contains("deleted the oldest", silo.Output, StringComparison.Ordinal);
            Assert.False(silo.HasExited, silo.Output);
        }
        finally
        {
            await ProcessRunner.RunAsync("umount", ["-l", root], TimeSpan.FromSeconds(30));
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The camera's value of the recording gauge in a scrape, or null when it is not there.</summary>
    private static string? Gauge(string scrape) => scrape.Split('\n')
        .Where(line => line.StartsWith("orleans_video_camera_recording{", StringComparison.Ordinal) && line.Contains("camera=\"full\"", StringComparison.Ordinal))
        .Select(line => line[(line.LastIndexOf(' ') + 1)..]).FirstOrDefault();

    private static async Task<string> ScrapeAsync(SiloCluster cluster, SiloProcess silo) =>
        await cluster.Http.GetStringAsync(silo.BaseUrl + "/metrics");
}
