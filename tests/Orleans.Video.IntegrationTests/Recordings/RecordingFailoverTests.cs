using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Recordings;

/// <summary>Recording across a kill -9 of the silo that records: real silo processes sharing one media storage root.</summary>
public sealed class RecordingFailoverTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan SegmentLength = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task After_a_kill_9_recording_goes_on_elsewhere_the_gap_is_at_most_the_failover_plus_a_segment_and_every_indexed_segment_decodes()
    {
        var root = Directory.CreateTempSubdirectory("orleans-video-failover-media-").FullName;
        try
        {
            await using var cluster = await SiloCluster.StartAsync();
            var settings = new Dictionary<string, string>
            {
                ["Storage__Root"] = root,
                ["Storage__SegmentLength"] = SegmentLength.ToString(),
                ["Storage__IndexInterval"] = "00:00:01",
                ["Storage__MinFreeBytes"] = "1048576",
            };
            await cluster.AddSiloAsync(settings: settings);
            await cluster.AddSiloAsync(settings: settings);
            using (var added = await cluster.Http.PostAsJsonAsync(cluster.ApiUrl("/api/cameras"), new
            {
                id = "rec-failover", source = cluster.Clips.MovingBox, fps = 2, model = "shapes", record = new { mode = "continuous" },
            }))
            {
                added.EnsureSuccessStatusCode();
            }
            await Eventually.ValueAsync(() => SpansAsync(cluster), spans => spans.Sum(s => (s.End - s.Start).TotalSeconds) >= 6, Settle, "6 s recorded");

            var camera = await CameraAsync(cluster);
            var victim = cluster.Silos.Single(s => s.Hosts(camera.GetProperty("host").GetString()));
            var killed = DateTimeOffset.UtcNow;
            victim.Kill();
            var back = await Eventually.ValueAsync(() => CameraAsync(cluster),
                c => c.GetProperty("recording").GetBoolean() && !victim.Hosts(c.GetProperty("host").GetString()), Settle, "recording on the survivor");
            var failover = DateTimeOffset.UtcNow - killed;

            // What the dead decoder finished before it died is recovered from its segment list (a session quiet for two
            // segments has no process left), so the only gap is the failover itself and the segment cut short.
            var bound = failover + SegmentLength + TimeSpan.FromSeconds(1);
            var spans = await Eventually.ValueAsync(() => SpansAsync(cluster),
                s => s.Count > 0 && s[^1].End > killed + failover + SegmentLength && LargestGap(s) <= bound,
                Settle, $"the recording continued with a gap of at most {bound.TotalSeconds:0.0} s (failover {failover.TotalSeconds:0.0} s)");

            // Every segment the index names decodes, and none of them is the one cut short by the kill.
            var files = Directory.GetFiles(Path.Combine(root, "recordings", "rec-failover"), "*.ts", SearchOption.AllDirectories);
            var indexed = await IndexedFilesAsync(cluster, spans[0].Start, spans[^1].End);
            Assert.NotEmpty(indexed);
            Assert.All(indexed, path => Assert.Equal("", DecodeErrors(Path.Combine(root, path))));
            Assert.Subset(files.Select(f => Path.GetRelativePath(root, f)).ToHashSet(), indexed.ToHashSet());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<JsonElement> CameraAsync(SiloCluster cluster) =>
        await cluster.Http.GetFromJsonAsync<JsonElement>(cluster.ApiUrl("/api/cameras/rec-failover"));

    private static async Task<List<(DateTimeOffset Start, DateTimeOffset End)>> SpansAsync(SiloCluster cluster)
    {
        var page = await cluster.Http.GetFromJsonAsync<JsonElement>(cluster.ApiUrl("/api/cameras/rec-failover/recordings"));
        return [.. page.GetProperty("items").EnumerateArray()
            .Select(s => (s.GetProperty("start").GetDateTimeOffset(), s.GetProperty("end").GetDateTimeOffset()))
            .OrderBy(s => s.Item1)];
    }

    private static TimeSpan LargestGap(List<(DateTimeOffset Start, DateTimeOffset End)> spans) =>
        spans.Zip(spans.Skip(1)).Select(pair => pair.Second.Start - pair.First.End).DefaultIfEmpty(TimeSpan.Zero).Max();

    /// <summary>The index's segments as files, through the client SDK (a playlist names them by start, not path).</summary>
    private static async Task<List<string>> IndexedFilesAsync(SiloCluster cluster, DateTimeOffset from, DateTimeOffset to)
    {
        var video = await cluster.ConnectClientAsync();
        var segments = await video.GetRecordedSegmentsAsync("rec-failover", from, to.AddSeconds(1));
        return [.. segments.Select(s => s.Path.Replace('/', Path.DirectorySeparatorChar))];
    }

    private static string DecodeErrors(string file)
    {
        using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", $"-v error -i \"{file}\" -f null -") { RedirectStandardError = true })!;
        var errors = ffmpeg.StandardError.ReadToEnd();
        ffmpeg.WaitForExit();
        return ffmpeg.ExitCode == 0 ? errors.Trim() : $"exit {ffmpeg.ExitCode}: {errors}";
    }
}
