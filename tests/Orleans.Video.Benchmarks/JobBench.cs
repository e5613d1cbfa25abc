using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Orleans.Video.TestSupport;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// <c>./bench.sh --job</c>: a long generated file analysed as a job (every frame, <c>shapes</c> model), against
/// ffmpeg alone decoding it with every core and against the naive one-loop program; the same job on two silos of this
/// machine (both take chunks, the results are identical); and live cameras' latency with and without a job running.
/// </summary>
public static class JobBench
{
    private const int LiveCameras = 3;
    private const double LiveFps = 5;

    public static async Task<string> RunAsync(BenchSettings settings)
    {
        var clips = Directory.CreateDirectory(Path.Combine(settings.OutputDirectory, "clips")).FullName;
        var seconds = settings.Quick ? 60 : 300;
        Bench.Log($"generating a {seconds} s 1280x720 clip");
        var clip = BenchClips.Long(clips, seconds);
        var frames = seconds * 25;
        Bench.Log("ffmpeg alone, every core");
        var decode = Limits.DecodeFps(clip);
        Bench.Log("the naive loop (OpenCV + ONNX Runtime, a frame at a time) on the 20 s clip of the same scene");
        var naive = NaiveLoop.Fps(BenchClips.Moving(clips), settings.Model, runs: 1)[0];

        await using var postgres = new PostgresServer();
        await postgres.InitializeAsync();
        var media = Directory.CreateDirectory(Path.Combine(settings.OutputDirectory, "media")).FullName;
        var jobSettings = new Dictionary<string, string> { ["Storage__Root"] = media };

        Bench.Log("the job on one silo");
        JobRun one, two;
        await using (var cluster = await BenchCluster.StartAsync(postgres, clips, 1, settings: jobSettings))
        {
            one = await RunJobAsync(cluster, clip, settings.Model.Name);
        }
        Bench.Log("the job on two silos");
        await using (var cluster = await BenchCluster.StartAsync(postgres, clips, 2, settings: jobSettings))
        {
            two = await RunJobAsync(cluster, clip, settings.Model.Name);
        }

        Bench.Log($"live cameras: {LiveCameras} at {LiveFps:0} fps, without then with a job");
        var window = settings.Quick ? TimeSpan.FromSeconds(20) : TimeSpan.FromSeconds(60);
        var (alone, beside) = await LiveAsync(postgres, clips, clip, jobSettings, window, settings.Model.Name);

        var text = new StringBuilder($"Jobs on {Bench.Machine()}.\n\n");
        text.AppendLine($"A {seconds} s 1280x720 25 fps H.264 file ({frames} frames, a keyframe every 2 s), every frame analysed with `{settings.Model.Name}`; chunks planned as by default (four a core of the cluster, 2 to 20 s, cut at keyframes).");
        text.AppendLine();
        text.AppendLine("| run | frames/s | of ffmpeg alone | wall s (submit to done) | chunks | silo CPU s (own + ffmpeg) |");
        text.AppendLine("|---|---:|---:|---:|---:|---|");
        text.AppendLine($"| ffmpeg alone, decoding to nothing with every core (best of 3) | {decode:0} | 100 % | {frames / decode:0.0} | | |");
        text.AppendLine($"| naive loop (one process, a frame at a time), 20 s clip | {naive:0.0} | {naive / decode:P0} | {frames / naive:0.0} (at that rate) | | |");
        foreach (var (name, run) in new[] { ("job, 1 silo", one), ("job, 2 silos on this machine", two) })
        {
            text.AppendLine($"| {name} | {run.Fps:0} | {run.Fps / decode:P0} | {run.Wall.TotalSeconds:0.0} | {run.Chunks} | {string.Join(" + ", run.SiloCpu.Select(c => $"{c.Own.TotalSeconds:0} + {c.Children.TotalSeconds:0}"))} |");
        }
        text.AppendLine();
        text.AppendLine($"Two silos' results against one silo's: {(one.Results == two.Results ? "identical" : "DIFFERENT")} ({one.Detections} detections, {one.Events} events). " +
            $"Every silo took chunks: {(two.SiloCpu.All(c => c.Children > TimeSpan.FromSeconds(1)) ? "yes" : "NO")} (the ffmpeg CPU of each silo above).");
        text.AppendLine();
        text.AppendLine($"{LiveCameras} live cameras at {LiveFps:0} fps (640x360) on one silo, {window.TotalSeconds:0} s each:");
        text.AppendLine();
        text.AppendLine("| live cameras | p50 ms | p99 ms | processed | dropped |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        text.AppendLine($"| alone | {alone.P50:0} | {alone.P99:0} | {alone.Processed} | {alone.Dropped} |");
        text.AppendLine($"| with the job running ({beside.JobFps:0} frames/s) | {beside.P50:0} | {beside.P99:0} | {beside.Processed} | {beside.Dropped} |");
        return text.ToString();
    }

    private sealed record JobRun(double Fps, TimeSpan Wall, int Chunks, IReadOnlyList<(TimeSpan Own, TimeSpan Children)> SiloCpu, string Results, int Detections, int Events);

    private static async Task<JobRun> RunJobAsync(BenchCluster cluster, string clip, string model)
    {
        var video = cluster.Video;
        var cpu = cluster.SiloCpuEach();
        var clock = Stopwatch.StartNew();
        var submitted = await video.SubmitJobAsync(new JobSpec(clip, Path.GetFileName(clip), new JobOptions(model)));
        var done = await video.WaitForJobAsync(submitted.Id, interval: TimeSpan.FromMilliseconds(250))
            ?? throw new InvalidOperationException("the job went away");
        var wall = clock.Elapsed;
        if (done.State != JobState.Done)
        {
            throw new InvalidOperationException($"the job {done.State}: {done.Error}");
        }
        var used = cluster.SiloCpuEach().Zip(cpu, (now, then) => (now.Own - then.Own, now.Children - then.Children)).ToList();
        var detections = await video.ReadAllAsync(q => video.QueryJobDetectionsAsync(submitted.Id, q), new JobQuery(Limit: JobQuery.MaxLimit)).ToListAsync();
        var events = await video.ReadAllAsync(q => video.QueryJobEventsAsync(submitted.Id, q), new JobQuery(Limit: JobQuery.MaxLimit)).ToListAsync();
        var results = string.Join('\n', detections.Select(d => d.ToString())) + string.Join('\n', events.Select(e => e.ToString()));
        Bench.Log($"  {done.FramesTotal} frames at {done.FramesPerSecond:0} fps, {done.ChunksTotal} chunks, {wall.TotalSeconds:0.0} s from submit");
        return new JobRun(done.FramesPerSecond, wall, done.ChunksTotal, used, results, detections.Count, events.Count);
    }

    private sealed record Live(double P50, double P99, long Processed, long Dropped, double JobFps = 0);

    private static async Task<(Live Alone, Live Beside)> LiveAsync(
        PostgresServer postgres, string clips, string clip, Dictionary<string, string> settings, TimeSpan window, string model)
    {
        await using var cluster = await BenchCluster.StartAsync(postgres, clips, 1, settings: settings);
        var video = cluster.Video;
        var latencies = new ConcurrentBag<double>();
        var recording = false;
        var ids = Enumerable.Range(0, LiveCameras).Select(i => $"live-{i}").ToArray();
        foreach (var id in ids)
        {
            await video.SubscribeAsync(id, frame =>
            {
                if (Volatile.Read(ref recording))
                {
                    latencies.Add((DateTimeOffset.UtcNow - frame.Timestamp).TotalMilliseconds);
                }
                return Task.CompletedTask;
            });
            await video.AddCameraAsync(id, new CameraConfig(BenchClips.MovingSmall(clips), LiveFps, model, Loop: true, MotionGate: false));
        }
        await Task.Delay(TimeSpan.FromSeconds(20));
        var alone = await MeasureAsync(null);

        var job = await video.SubmitJobAsync(new JobSpec(clip, Path.GetFileName(clip), new JobOptions(model)));
        await Eventually.ValueAsync(() => video.GetJobAsync(job.Id), s => s!.FramesDone > 0, TimeSpan.FromSeconds(60), "the job to start");
        var beside = await MeasureAsync(job.Id);
        await video.CancelJobAsync(job.Id);
        return (alone, beside);

        async Task<Live> MeasureAsync(string? jobId)
        {
            latencies.Clear();
            var before = await video.ListCamerasAsync();
            var jobBefore = jobId is null ? null : await video.GetJobAsync(jobId);
            Volatile.Write(ref recording, true);
            var clock = Stopwatch.StartNew();
            await Task.Delay(window);
            Volatile.Write(ref recording, false);
            var after = await video.ListCamerasAsync();
            var jobAfter = jobId is null ? null : await video.GetJobAsync(jobId);
            var sorted = latencies.Order().ToArray();
            if (jobAfter is { State: not JobState.Running })
            {
                Bench.Log($"  the job ended during the window ({jobAfter.State}): the window is partly without it");
            }
            return new Live(
                PipelineRun.Percentile(sorted, 0.50), PipelineRun.Percentile(sorted, 0.99),
                after.Sum(s => s.FramesProcessed) - before.Sum(s => s.FramesProcessed),
                after.Sum(s => s.FramesDropped) - before.Sum(s => s.FramesDropped),
                jobBefore is null || jobAfter is null ? 0 : (jobAfter.FramesDone - jobBefore.FramesDone) / clock.Elapsed.TotalSeconds);
        }
    }
}
