using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Video.Client;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Recordings;

/// <summary>Recording across a kill -9 of the silo that records (real silo processes sharing one media storage root), and of its ffmpeg.</summary>
public sealed class RecordingFailoverTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan SegmentLength = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task After_a_kill_9_recording_goes_on_elsewhere_what_was_on_disk_stays_indexed_and_the_gap_is_at_most_the_failover()
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
            await Eventually.ValueAsync(() => cluster.RecordedSpansAsync("rec-failover"), spans => spans.Sum(s => (s.End - s.Start).TotalSeconds) >= 6, Settle, "6 s recorded");

            var camera = await cluster.CameraAsync("rec-failover");
            var victim = cluster.Silos.Single(s => s.Hosts(camera.GetProperty("host").GetString()));
            // The decoder about to be killed is recording into these session folders.
            var killedSessions = SessionFolders(root);
            var killed = DateTimeOffset.UtcNow;
            victim.Kill();
            var back = await Eventually.ValueAsync(() => cluster.CameraAsync("rec-failover"),
                c => c.GetProperty("recording").GetBoolean() && !victim.Hosts(c.GetProperty("host").GetString()), Settle, "recording on the survivor");
            var failover = DateTimeOffset.UtcNow - killed;

            // What the killed decoder wrote is recovered once its session has been quiet for two segments: every
            // segment its list names, and the one it was writing, up to its last whole frame (written a packet at a time).
            var video = await cluster.ConnectClientAsync();
            var indexed = await Eventually.ValueAsync(async () => (await IndexedFilesAsync(video, killed.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1))).ToHashSet(),
                paths => SegmentFiles(root, killedSessions).All(paths.Contains), Settle, "every segment file of the killed decoder indexed");
            // So the only gap is the failover itself.
            var bound = failover + TimeSpan.FromSeconds(1);
            var spans = await Eventually.ValueAsync(() => cluster.RecordedSpansAsync("rec-failover"),
                s => s.Count > 0 && s[^1].End > killed + failover + SegmentLength && LargestGap(s) <= bound,
                Settle, $"the recording continued with a gap of at most {bound.TotalSeconds:0.0} s (failover {failover.TotalSeconds:0.0} s)");

            // Every segment the index names is a file that decodes, the one cut short by the kill too.
            indexed = (await IndexedFilesAsync(video, spans[0].Start, spans[^1].End.AddSeconds(1))).ToHashSet();
            Assert.Contains(indexed, path => killedSessions.Contains(Path.GetDirectoryName(path)!));
            var undecodable = indexed.Select(path => (path, errors: DecodeErrors(Path.Combine(root, path)))).Where(d => d.errors != "").ToList();
            Assert.True(undecodable.Count == 0, string.Join("\n", undecodable.Select(d => $"{d.path}: {d.errors}")));
            Assert.Subset(SegmentFiles(root, SessionFolders(root)), indexed);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_camera_whose_ffmpeg_is_killed_decodes_again_after_its_back_off_with_at_most_a_segment_missing_and_live_video_on_the_same_socket()
    {
        var root = Directory.CreateTempSubdirectory("orleans-video-ffmpeg-kill-media-").FullName;
        try
        {
            await using var cluster = await SiloCluster.StartAsync();
            var silo = await cluster.AddSiloAsync(settings: new Dictionary<string, string>
            {
                ["Storage__Root"] = root,
                ["Storage__SegmentLength"] = SegmentLength.ToString(),
                ["Storage__IndexInterval"] = "00:00:01",
                ["Storage__MinFreeBytes"] = "1048576",
            });
            // A looping file, as run.sh's demo cameras are.
            using (var added = await cluster.Http.PostAsJsonAsync(cluster.ApiUrl("/api/cameras"), new
            {
                id = "ffmpeg-kill", source = cluster.Clips.MovingBox, fps = 2, model = "shapes", record = new { mode = "continuous" },
            }))
            {
                added.EnsureSuccessStatusCode();
            }
            await using var viewer = await Live.LiveVideoSocket.ConnectAsync(silo.BaseUrl, "ffmpeg-kill");
            await viewer.ReadUntilAsync(v => v.Segments.Count >= 10, Settle, "live video");
            await Eventually.ValueAsync(() => cluster.RecordedSpansAsync("ffmpeg-kill"), spans => spans.Sum(s => (s.End - s.Start).TotalSeconds) >= 4, Settle, "4 s recorded");

            using var ffmpeg = RunningProcesses.FindByCommandLine(Path.Combine(root, "recordings", "ffmpeg-kill"))
                ?? throw new Xunit.Sdk.XunitException("no ffmpeg recording the camera");
            var killed = DateTimeOffset.UtcNow;
            var segmentsBefore = viewer.Segments.Count;
            ffmpeg.Kill();

            // Decoding again after the back-off (1 s, give or take its jitter), not failed: the file was decoding.
            var camera = await Eventually.ValueAsync(() => cluster.CameraAsync("ffmpeg-kill"),
                c => c.GetProperty("reconnects").GetInt32() >= 1 && c.GetProperty("state").GetString() == "Running"
                    && c.GetProperty("lastFrameAt").GetDateTimeOffset() > killed, Settle, "the camera decoding again");
            Assert.True(camera.GetProperty("recording").GetBoolean());
            // The same socket: a new initialisation segment, then video.
            await viewer.ReadUntilAsync(v => v.Messages.Count(m => m.GetProperty("type").GetString() == "init") >= 2 && v.Segments.Count > segmentsBefore + 10,
                Settle, "live video again after the kill");
            // The segment cut short by the kill is kept up to its last whole frame: what is missing is the restart.
            var spans = await Eventually.ValueAsync(() => cluster.RecordedSpansAsync("ffmpeg-kill"),
                s => s.Count > 0 && s[^1].End > killed + 2 * SegmentLength,
                Settle, "recording after the kill");
            var gap = LargestGap(spans);
            Assert.True(gap <= SegmentLength, $"{gap.TotalSeconds:0.00} s missing around the kill; spans: {string.Join(", ", spans.Select(s => $"{s.Start:HH:mm:ss.ff}-{s.End:HH:mm:ss.ff}"))}");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static TimeSpan LargestGap(List<(DateTimeOffset Start, DateTimeOffset End)> spans) =>
        spans.Zip(spans.Skip(1)).Select(pair => pair.Second.Start - pair.First.End).DefaultIfEmpty(TimeSpan.Zero).Max();

    /// <summary>The index's segments as files, through the client SDK (a playlist names them by start, not path).</summary>
    private static async Task<List<string>> IndexedFilesAsync(VideoClient video, DateTimeOffset from, DateTimeOffset to)
    {
        var segments = await video.GetRecordedSegmentsAsync("rec-failover", from, to);
        return [.. segments.Select(s => s.Path.Replace('/', Path.DirectorySeparatorChar))];
    }

    /// <summary>The camera's recording session folders (recordings/camera/day/session), relative to the media root.</summary>
    private static HashSet<string> SessionFolders(string root) =>
        [.. Directory.GetDirectories(Path.Combine(root, "recordings", "rec-failover"))
            .SelectMany(Directory.GetDirectories)
            .Select(d => Path.GetRelativePath(root, d))];

    /// <summary>The segment files in these session folders now, relative to the media root.</summary>
    private static HashSet<string> SegmentFiles(string root, IEnumerable<string> sessions) =>
        sessions.Where(s => Directory.Exists(Path.Combine(root, s)))
            .SelectMany(s => Directory.GetFiles(Path.Combine(root, s), "*.ts"))
            .Select(f => Path.GetRelativePath(root, f)).ToHashSet();

    private static string DecodeErrors(string file)
    {
        // As players read it, as MPEG-TS: the few frames a decoder killed just after a segment began leave (10 packets
        // here) are too short for ffmpeg to recognise the format by content.
        using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", $"-v error -f mpegts -i \"{file}\" -f null -") { RedirectStandardError = true })!;
        var errors = ffmpeg.StandardError.ReadToEnd();
        ffmpeg.WaitForExit();
        return ffmpeg.ExitCode == 0 ? errors.Trim() : $"exit {ffmpeg.ExitCode}: {errors}";
    }
}
