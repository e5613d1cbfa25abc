using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Cluster;

/// <summary>
/// PostgreSQL hung, not stopped (SIGSTOP for a minute, then SIGCONT): connections stay open and nothing answers on them,
/// as when its host stalls or its disk blocks. Every statement then waits out its timeout, which a clean stop never shows.
/// </summary>
public sealed class DatabaseHangTests
{
    private const double Fps = 5;
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    /// <summary>Decoded frames in 5 s of the test clip (25 fps): sequences number decoded frames, and every 5th is analysed.</summary>
    private const long FiveSecondsOfFrames = 125;

    [Fact]
    public async Task While_PostgreSQL_hangs_cameras_decode_and_record_the_API_answers_503_and_every_detection_is_stored_after()
    {
        await using var cluster = await SiloCluster.StartAsync();
        var media = Directory.CreateTempSubdirectory("orleans-video-hang-media-").FullName;
        try
        {
            var silo = await cluster.AddSiloAsync(settings: new Dictionary<string, string> { ["Storage__Root"] = media });
            using (var added = await cluster.Http.PostAsJsonAsync(cluster.ApiUrl("/api/cameras"), new
            {
                id = "hang", source = cluster.Clips.MovingBox, fps = Fps, model = "shapes", motionGate = false, record = new { mode = "continuous" },
            }))
            {
                Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
            }
            var before = await Eventually.ValueAsync(() => cluster.SequencesAsync("hang"), s => s.Length >= 3, Settle, "stored detections");
            await Eventually.ValueAsync(() => cluster.CameraAsync("hang"), c => c.GetProperty("recording").GetBoolean(), Settle, "recording");

            // Each probe has its own bound: an answer that never comes fails the test instead of hanging it.
            using var quick = Client(TimeSpan.FromSeconds(10));
            using var slow = Client(TimeSpan.FromSeconds(45));
            var hungAt = DateTimeOffset.UtcNow;
            long processedDuringHang;
            using (cluster.Postgres.Freeze())
            {
                var clock = Stopwatch.StartNew();
                // What needs the database answers 503 with the reason once its statement or grain call times out.
                var query = RefusedAsync(slow, silo.BaseUrl + "/api/cameras/hang/detections?limit=5");
                var processedAtStart = (await CameraAsync(quick, silo)).GetProperty("framesProcessed").GetInt64();
                // Degraded within the check's 3 s, still 200: the silo stays behind its Service.
                using (var ready = await quick.GetAsync(silo.BaseUrl + "/health/ready"))
                {
                    var body = await ready.Content.ReadAsStringAsync();
                    Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
                    Assert.StartsWith("Degraded", body, StringComparison.Ordinal);
                    Assert.Contains("PostgreSQL: no answer within 3 s", body, StringComparison.Ordinal);
                }
                while (clock.Elapsed < Hang)
                {
                    // What does not answers as usual: a camera's status is in memory.
                    var camera = await CameraAsync(quick, silo);
                    Assert.Equal("Running", camera.GetProperty("state").GetString());
                    await Task.Delay(TimeSpan.FromSeconds(5));
                }
                processedDuringHang = (await CameraAsync(quick, silo)).GetProperty("framesProcessed").GetInt64() - processedAtStart;
                var refused = await query;
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
                Assert.True(refused.RetryAfter, "Retry-After");
                Assert.Contains("try again", refused.Body);
            }
            var thawedAt = DateTimeOffset.UtcNow;

            // Analysis went on: at least half of the frames a minute holds (a loaded machine drops some; a blocked pipeline
            // analysed a tenth of them: its acknowledgements waited behind storage calls).
            Assert.True(processedDuringHang >= Fps * Hang.TotalSeconds / 2, $"{processedDuringHang} frames analysed while PostgreSQL hung");
            await Eventually.ValueAsync(async () => await quick.GetStringAsync(silo.BaseUrl + "/health/ready"), body => body == "Healthy", Settle, "healthy again");

            // What was analysed meanwhile is stored, once: no stretch of the hang is missing.
            var stored = await Eventually.ValueAsync(() => cluster.SequencesAsync("hang"), s => s.Length >= before.Length + processedDuringHang * 9 / 10, Settle,
                "the detections of the hang stored");
            Assert.Equal(stored.Length, stored.Distinct().Count());
            var ordered = stored.Order().ToArray();
            var gaps = ordered.Zip(ordered.Skip(1)).Where(p => p.Second - p.First > FiveSecondsOfFrames).Select(p => $"{p.First}..{p.Second}").ToList();
            Assert.True(gaps.Count == 0, $"detections missing between sequences {string.Join(", ", gaps)}");

            // Recording went on, and the index caught up: one span runs through the hang.
            await Eventually.ValueAsync(() => cluster.RecordedSpansAsync("hang"), spans => spans.Exists(s => s.Start <= hungAt && s.End >= thawedAt), Settle,
                "a recorded span through the hang");
            Assert.False(silo.HasExited, silo.Output);
        }
        finally
        {
            Directory.Delete(media, recursive: true);
        }
    }

    private static HttpClient Client(TimeSpan timeout)
    {
        var client = new HttpClient { Timeout = timeout };
        client.DefaultRequestHeaders.Add("X-Api-Key", SiloProcess.ApiKey);
        return client;
    }

    private static async Task<(HttpStatusCode Status, bool RetryAfter, string Body)> RefusedAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        return (response.StatusCode, response.Headers.RetryAfter is not null, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Through <paramref name="http"/>: during the hang with a bound of its own.</summary>
    private static async Task<JsonElement> CameraAsync(HttpClient http, SiloProcess silo) =>
        await http.GetFromJsonAsync<JsonElement>(silo.BaseUrl + "/api/cameras/hang");
}
