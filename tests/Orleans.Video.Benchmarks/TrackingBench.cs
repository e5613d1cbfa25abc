using System.Text;
using System.Text.Json;
using Orleans.Video.Analytics;
using Orleans.Video.Benchmarks.Tracking;
using Orleans.Video.Grains.Jobs;
using Orleans.Video.TestSupport;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// <c>./bench.sh --tracking</c>: how well tracks hold and how many events are worth sending, with the defaults and, side
/// by side, with #21's settings turned off (zone inertia 1, no minimum duration, never stationary, tracks held 1.5 s as
/// <c>LostAfter</c> did). First generated scenes with a known truth (<see cref="TrackingScenes"/>), then OpenCV's
/// vtest.avi through the HOG people detector as the demo camera sees it: analysed once as a job (5 fps, the demo's
/// zone), its detections then fed to the trackers with each setting.
/// </summary>
public static class TrackingBench
{
    private static readonly (string Name, TrackerOptions Tracking, EventOptions Rules)[] Settings =
    [
        ("defaults", new TrackerOptions(), new EventOptions()),
        ("off", new TrackerOptions { ZoneInertia = 1, ReconnectWithin = TimeSpan.FromSeconds(1.5), StationaryAfter = TimeSpan.Zero },
            new EventOptions { MinDuration = TimeSpan.Zero }),
    ];

    private static readonly DateTimeOffset Epoch = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<string> RunAsync(BenchSettings settings)
    {
        if (settings.TraceScene is { } traced)
        {
            // --trace SCENE: which track each object's detections went to, frame by frame, with the defaults.
            TrackingScore.Of(TrackingScenes.All.Single(s => s.Name == traced), new TrackerOptions(), new EventOptions(), Console.Out);
            return "";
        }
        var text = new StringBuilder($"Tracking quality on {Bench.Machine()}.\n\n");
        text.AppendLine("Generated scenes (5 analysed frames a second, boxes jittered 2 px unless said, scores 0.72-0.97; \"off\": zone inertia 1, no minimum duration, never stationary, tracks held 1.5 s):");
        text.AppendLine();
        text.AppendLine("| scene | settings | objects | tracks | split | id switches | zone visits (truth) | missed | extra | object events (truth) | events < 1 s | exact |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var scene in TrackingScenes.All)
        {
            Bench.Log($"scene {scene.Name}: {scene.What}");
            foreach (var (name, tracking, rules) in Settings)
            {
                var s = TrackingScore.Of(scene, tracking, rules);
                text.AppendLine($"| {scene.Name}: {scene.What} | {name} | {s.Objects} | {s.Tracks} | {s.Fragments} | {s.Switches} | {s.Visits} ({s.TrueVisits}) | {s.MissedVisits} | {s.ExtraVisits} | {s.ObjectEvents} ({s.TrueObjectEvents}) | {s.Short} of {s.Events} | {(s.Exact ? "yes" : "no")} |");
            }
        }
        text.AppendLine();
        text.AppendLine(await VtestAsync(settings));
        return text.ToString();
    }

    /// <summary>vtest.avi once through (a loop of the demo camera), as a job; its detections fed to each setting.</summary>
    private static async Task<string> VtestAsync(BenchSettings settings)
    {
        const string vtest = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";
        if (!File.Exists(vtest))
        {
            return "vtest.avi: not measured, Debian's opencv-doc is not installed.";
        }
        Bench.Log("vtest.avi as a job: HOG people at 5 fps, the demo's zone");
        await using var postgres = new PostgresServer();
        await postgres.InitializeAsync();
        var clips = Directory.CreateDirectory(Path.Combine(settings.OutputDirectory, "clips")).FullName;
        // Jobs read files under the silo's media roots, which the bench's clips folder is.
        var clip = Path.Combine(clips, "vtest.avi");
        File.Copy(vtest, clip, overwrite: true);
        var media = Directory.CreateDirectory(Path.Combine(settings.OutputDirectory, "media")).FullName;
        await using var cluster = await BenchCluster.StartAsync(postgres, clips, 1, settings: new Dictionary<string, string> { ["Storage__Root"] = media });
        var video = cluster.Video;
        var demoZone = TrackingScenes.Square with { Labels = ["person"], LoiterSeconds = 10 };
        var submitted = await video.SubmitJobAsync(new JobSpec(clip, "vtest.avi", new JobOptions("people", Fps: 5, Zones: [demoZone])));
        var done = await video.WaitForJobAsync(submitted.Id, interval: TimeSpan.FromMilliseconds(500)) ?? throw new InvalidOperationException("the job went away");
        if (done.State != JobState.Done)
        {
            throw new InvalidOperationException($"the job {done.State}: {done.Error}");
        }
        var detections = await video.ReadAllAsync(q => video.QueryJobDetectionsAsync(submitted.Id, q), new JobQuery(Limit: JobQuery.MaxLimit)).ToListAsync();
        var jobEvents = await video.ReadAllAsync(q => video.QueryJobEventsAsync(submitted.Id, q), new JobQuery(Limit: JobQuery.MaxLimit)).ToListAsync();
        var sample = detections.First(d => d.Time > TimeSpan.Zero);
        var frameRate = sample.Frame / sample.Time.TotalSeconds;
        var eventScore = PeopleEventThreshold();

        var text = new StringBuilder();
        text.AppendLine($"vtest.avi ({done.Duration.TotalSeconds:0.0} s, {done.FramesTotal} frames: one loop of the demo camera), HOG people (`people`, event threshold {eventScore:0.00}), 5 analysed frames a second, the demo's zone `square` (loitering 10 s): {detections.Count} detections.");
        text.AppendLine();
        text.AppendLine("| settings | tracks | object events | zone events | loitering | object events < 1 s | zone events < 1 s |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, tracking, rules) in Settings)
        {
            var events = Replay(detections, done.FramesTotal, frameRate, [demoZone], tracking, rules, eventScore, out var tracks);
            text.AppendLine($"| {name} | {tracks} | {Count(events, EventKind.Object)} | {Count(events, EventKind.Zone)} | {Count(events, EventKind.Loiter)} | {Short(events, EventKind.Object)} | {Short(events, EventKind.Zone)} |");
        }
        text.AppendLine();
        text.AppendLine($"The job itself (the silo's defaults) stored {jobEvents.Count(e => e.Kind == EventKind.Object)} object, {jobEvents.Count(e => e.Kind == EventKind.Zone)} zone and {jobEvents.Count(e => e.Kind == EventKind.Loiter)} loitering events: the \"defaults\" row replays the same.");
        return text.ToString();
    }

    /// <summary>The job's detections fed to fresh trackers frame by frame, empty analysed frames included; the events as they ended.</summary>
    private static List<VideoEvent> Replay(
        List<JobDetection> detections, long frames, double frameRate, List<Zone> zones, TrackerOptions tracking, EventOptions rules, float eventScore, out int tracks)
    {
        // As the job's tracking has it: the file's picture (768x576), so people who walked out are let go.
        var tracker = new ObjectTracker(tracking, idBase: 0) { Picture = GeneratedScene.Picture };
        var events = new EventTracker("vtest", zones, tracking, rules, eventScore);
        var byFrame = detections.GroupBy(d => d.Frame).ToDictionary(g => g.Key, g => g.Select(d => new Detection(d.Label, 0, d.Score, d.Box)).ToArray());
        var changes = new List<EventChange>();
        var ids = new HashSet<long>();
        for (var frame = 0L; frame < frames; frame++)
        {
            if (!JobSampling.Takes(frame, frameRate, 5))
            {
                continue;
            }
            var time = Epoch + JobSampling.TimeOf(frame, frameRate);
            var update = tracker.Update(time, frame, byFrame.GetValueOrDefault(frame, []));
            ids.UnionWith(update.Seen.Select(t => t.Id));
            changes.AddRange(events.Observe(update, time));
        }
        changes.AddRange(events.CloseAll(tracker.Clear()));
        tracks = ids.Count;
        return changes.GroupBy(c => c.Event.Id).Select(g => g.Last().Event).ToList();
    }

    private static int Count(List<VideoEvent> events, EventKind kind) => events.Count(e => e.Kind == kind);

    private static string Short(List<VideoEvent> events, EventKind kind)
    {
        var all = events.Where(e => e.Kind == kind).ToList();
        var short_ = all.Count(e => e.End - e.Start < TimeSpan.FromSeconds(1));
        return all.Count == 0 ? "-" : $"{short_} ({(double)short_ / all.Count:P0})";
    }

    /// <summary>The <c>people</c> model's event threshold as the silo has it (appsettings.json): the replay judges tracks as the job did.</summary>
    private static float PeopleEventThreshold()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(BenchSettings.RepositoryRoot(), "silo/Orleans.Video.Silo/appsettings.json")));
        var people = settings.RootElement.GetProperty("Inference").GetProperty("Models").GetProperty("people");
        return people.TryGetProperty("EventThreshold", out var threshold) ? threshold.GetSingle() : people.GetProperty("ScoreThreshold").GetSingle();
    }
}
