using System.Globalization;
using System.Text;
using Orleans.Video.Analytics;
using Orleans.Video.Benchmarks.Tracking;
using Orleans.Video.Grains.Jobs;
using Orleans.Video.TestSupport;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// <c>./bench.sh --tracking</c>: how well tracks hold and how many events are worth sending, with the defaults and, side
/// by side, with #21's settings turned off (zone inertia 1, no minimum duration, never stationary, tracks held 1.5 s as
/// <c>LostAfter</c> did). First generated scenes with a known truth (<see cref="TrackingScenes"/>), then OpenCV's
/// vtest.avi as the demo camera sees it, through the COCO detector (<c>objects</c>, tracking people) beside the HOG
/// people detector it replaced: each analysed once as a job (5 fps, the demo's zone), its detections then fed to the
/// trackers with each setting, and the COCO detector's with one event setting changed at a time.
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

    /// <summary>
    /// The models vtest.avi goes through: the HOG people detector (the demo camera's before issue 33) and the COCO
    /// detector that replaced it, tracking people only, so that both rows count the same thing.
    /// </summary>
    private static readonly (string Model, DetectionFilter? Filter)[] VtestModels = [("people", null), ("objects", new DetectionFilter(["person"]))];

    /// <summary>A model's run through vtest.avi as a job: what it stored, and what replaying needs.</summary>
    private sealed record VtestRun(string Model, JobStatus Job, List<JobDetection> Detections, List<JobEvent> JobEvents, double FrameRate, float EventScore, float ScoreThreshold);

    /// <summary>vtest.avi once through (a loop of the demo camera) with each model, as jobs; their detections fed to each setting.</summary>
    private static async Task<string> VtestAsync(BenchSettings settings)
    {
        const string vtest = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";
        if (!File.Exists(vtest))
        {
            return "vtest.avi: not measured, Debian's opencv-doc is not installed.";
        }
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
        var runs = new List<VtestRun>();
        foreach (var (model, filter) in VtestModels)
        {
            // One job at a time: each has the silo to itself, as the demo camera has its model.
            Bench.Log($"vtest.avi as a job: {model} at 5 fps, the demo's zone");
            var submitted = await video.SubmitJobAsync(new JobSpec(clip, "vtest.avi", new JobOptions(model, Fps: 5, Zones: [demoZone], Filter: filter)));
            var done = await video.WaitForJobAsync(submitted.Id, interval: TimeSpan.FromMilliseconds(500)) ?? throw new InvalidOperationException("the job went away");
            if (done.State != JobState.Done)
            {
                throw new InvalidOperationException($"the {model} job {done.State}: {done.Error}");
            }
            var detections = await video.ReadAllAsync(q => video.QueryJobDetectionsAsync(submitted.Id, q), new JobQuery(Limit: JobQuery.MaxLimit)).ToListAsync();
            var jobEvents = await video.ReadAllAsync(q => video.QueryJobEventsAsync(submitted.Id, q), new JobQuery(Limit: JobQuery.MaxLimit)).ToListAsync();
            var sample = detections.First(d => d.Time > TimeSpan.Zero);
            var (eventScore, scoreThreshold) = ModelThresholds(model);
            runs.Add(new VtestRun(model, done, detections, jobEvents, sample.Frame / sample.Time.TotalSeconds, eventScore, scoreThreshold));
        }

        var first = runs[0].Job;
        var text = new StringBuilder();
        text.AppendLine($"vtest.avi ({first.Duration.TotalSeconds:0.0} s, {first.FramesTotal} frames: one loop of the demo camera), 5 analysed frames a second, the demo's zone `square` (people, loitering 10 s), each model as a job; tracks and events per loop, people only (`objects` with the filter `person`):");
        text.AppendLine();
        text.AppendLine("| model (event threshold) | settings | person detections | tracks | object events | zone events | loitering | object events < 1 s | zone events < 1 s |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in runs)
        {
            foreach (var (name, tracking, rules) in Settings)
            {
                var events = Replay(run.Detections, run.Job.FramesTotal, run.FrameRate, [demoZone], tracking, rules, run.EventScore, 0, out var tracks);
                text.AppendLine($"| {run.Model} ({run.EventScore:0.00}) | {name} | {run.Detections.Count} | {tracks} | {Count(events, EventKind.Object)} | {Count(events, EventKind.Zone)} | {Count(events, EventKind.Loiter)} | {Short(events, EventKind.Object)} | {Short(events, EventKind.Zone)} |");
            }
        }
        text.AppendLine();
        foreach (var run in runs)
        {
            text.AppendLine($"The {run.Model} job itself (the silo's defaults) stored {run.JobEvents.Count(e => e.Kind == EventKind.Object)} object, {run.JobEvents.Count(e => e.Kind == EventKind.Zone)} zone and {run.JobEvents.Count(e => e.Kind == EventKind.Loiter)} loitering events: its \"defaults\" row replays the same.");
        }
        text.AppendLine();
        text.AppendLine(Sensitivity(runs.Single(r => r.Model == "objects"), demoZone));
        return text.ToString();
    }

    /// <summary>
    /// The objects model's detections replayed with the defaults but one setting changed each time, to show which
    /// setting moves the short-event share: the model's <c>EventThreshold</c> (a track's median score), a higher
    /// <c>ScoreThreshold</c> (detections under it dropped before tracking, as the model would not have reported them),
    /// and <c>Events:MinDuration</c>.
    /// </summary>
    private static string Sensitivity(VtestRun run, Zone zone)
    {
        var defaults = new EventOptions();
        (string What, float EventScore, float MinScore, TimeSpan MinDuration)[] variants =
        [
            ($"defaults (EventThreshold {run.EventScore:0.00}, ScoreThreshold {run.ScoreThreshold:0.00}, MinDuration {defaults.MinDuration.TotalSeconds:0.#} s)", run.EventScore, 0, defaults.MinDuration),
            ("EventThreshold 0.40", 0.40f, 0, defaults.MinDuration),
            ("EventThreshold 0.60", 0.60f, 0, defaults.MinDuration),
            ("EventThreshold 0.70", 0.70f, 0, defaults.MinDuration),
            ("ScoreThreshold 0.45", run.EventScore, 0.45f, defaults.MinDuration),
            ("ScoreThreshold 0.55", run.EventScore, 0.55f, defaults.MinDuration),
            ("MinDuration 0", run.EventScore, 0, TimeSpan.Zero),
            ("MinDuration 2 s", run.EventScore, 0, TimeSpan.FromSeconds(2)),
            ("MinDuration 3 s", run.EventScore, 0, TimeSpan.FromSeconds(3)),
        ];
        var text = new StringBuilder();
        text.AppendLine($"The {run.Model} detections replayed with one setting changed from the defaults (tracking defaults otherwise):");
        text.AppendLine();
        text.AppendLine("| setting | tracks | object events | zone events | object events < 1 s | zone events < 1 s |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (what, eventScore, minScore, minDuration) in variants)
        {
            var events = Replay(run.Detections, run.Job.FramesTotal, run.FrameRate, [zone], new TrackerOptions(), new EventOptions { MinDuration = minDuration }, eventScore, minScore, out var tracks);
            text.AppendLine($"| {what} | {tracks} | {Count(events, EventKind.Object)} | {Count(events, EventKind.Zone)} | {Short(events, EventKind.Object)} | {Short(events, EventKind.Zone)} |");
        }
        return text.ToString();
    }

    /// <summary>The job's detections fed to fresh trackers frame by frame, empty analysed frames included; the events as they ended.</summary>
    private static List<VideoEvent> Replay(List<JobDetection> detections, long frames, double frameRate, List<Zone> zones, TrackerOptions tracking,
        EventOptions rules, float eventScore, float minScore, out int tracks)
    {
        // As the job's tracking has it: the file's picture (768x576), so people who walked out are let go.
        var tracker = new ObjectTracker(tracking, idBase: 0) { Picture = GeneratedScene.Picture };
        var events = new EventTracker("vtest", zones, tracking, rules, eventScore);
        var byFrame = detections.Where(d => d.Score >= minScore).GroupBy(d => d.Frame).ToDictionary(g => g.Key, g => g.Select(d => new Detection(d.Label, 0, d.Score, d.Box)).ToArray());
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

    /// <summary>
    /// A model's event threshold and score threshold as the silo has them (appsettings.json): the replay judges
    /// tracks as the job did. The event threshold is the score threshold where none is set.
    /// </summary>
    private static (float EventScore, float ScoreThreshold) ModelThresholds(string model)
    {
        var settings = SiloAppSettings.Model(model);
        var score = settings.TryGetValue("ScoreThreshold", out var threshold) ? float.Parse(threshold, CultureInfo.InvariantCulture) : 0;
        return (settings.TryGetValue("EventThreshold", out var events) ? float.Parse(events, CultureInfo.InvariantCulture) : score, score);
    }
}
