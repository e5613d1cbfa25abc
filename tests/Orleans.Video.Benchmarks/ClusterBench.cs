using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Orleans.Video.TestSupport;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// <c>./bench.sh --cluster</c>: the data plane across silo processes on this machine, each case on a cluster of its
/// own. Frames to a GPU silo against inference beside each camera (silo CPU per frame, latency, frame bytes); what
/// cameras whose sources refuse connections cost, and what they do to a healthy camera beside them; how fast
/// registered cameras spread over silos started together after a full restart; how fast cameras run again after
/// their silo is killed (<see cref="FailoverBench"/>).
/// </summary>
public static class ClusterBench
{
    private const int TopologyCameras = 6;
    private const double TopologyFps = 5;

    /// <param name="part">One case only (<c>topology</c>, <c>dead</c>, <c>cold</c>, <c>failover</c>, <c>transport</c>, <c>results</c> or <c>control</c>), or null for all seven.</param>
    public static async Task<string> RunAsync(BenchSettings settings, string? part = null)
    {
        if (part is not (null or "topology" or "dead" or "cold" or "failover" or "transport" or "results" or "control"))
        {
            throw new ArgumentException($"--cluster takes topology, dead, cold, failover, transport, results or control (or nothing, for all seven), got '{part}'");
        }
        if (part == "transport")
        {
            return $"Cluster data plane on {Bench.Machine()}.\n\n" + await TransportBench.RunAsync(settings);
        }
        var clips = Directory.CreateDirectory(Path.Combine(settings.OutputDirectory, "clips")).FullName;
        var clip = BenchClips.MovingSmall(clips);
        var (warmup, window) = settings.Quick ? (TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20)) : (TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(60));
        await using var postgres = new PostgresServer();
        await postgres.InitializeAsync();

        var report = new StringBuilder($"Cluster data plane on {Bench.Machine()}.\n\n");
        if (part is null or "topology")
        {
            Bench.Log("split: 3 silos, inference on silo 0 only (gpu=true)");
            var split = await TopologyAsync(postgres, clips, clip, gpuSilo: true, warmup, window);
            Bench.Log("co-located: 3 silos, no GPU silo (inference beside each camera)");
            var colocated = await TopologyAsync(postgres, clips, clip, gpuSilo: false, warmup, window);
            report.Append(TopologyReport(warmup, window, split, colocated));
        }
        if (part is null or "dead")
        {
            var deadCount = settings.Quick ? 50 : 200;
            Bench.Log($"dead cameras: {deadCount} refused sources beside a healthy camera");
            report.Append(DeadReport(await DeadCamerasAsync(postgres, clips, clip, deadCount, warmup, window)));
        }
        if (part is null or "cold")
        {
            var (coldCameras, coldSilos) = settings.Quick ? (12, 3) : (100, 4);
            Bench.Log($"cold start: {coldCameras} cameras, {coldSilos} silos restarted together");
            report.Append(ColdReport(await ColdStartAsync(postgres, clips, BenchClips.MovingTiny(clips), coldCameras, coldSilos)));
        }
        if (part is null or "failover")
        {
            var (cameras, kills) = settings.Quick ? (12, 3) : (30, 10);
            Bench.Log($"failover: {cameras} cameras, {kills} kills of the busiest silo");
            report.Append('\n').Append(FailoverBench.Report(await FailoverBench.RunAsync(postgres, clips, clip, cameras, kills)));
        }
        if (part is null or "results")
        {
            report.Append('\n').Append(await ResultsBench.RunAsync(settings, postgres, clips));
        }
        if (part is null or "control")
        {
            Bench.Log("control plane: 1000 registered cameras");
            report.Append('\n').Append(await ControlPlaneBench.RunAsync(settings, postgres, clips));
        }
        if (part is null)
        {
            Bench.Log("transport: one-way call against broadcast channel");
            report.Append('\n').Append(await TransportBench.RunAsync(settings));
        }
        return report.ToString();
    }

    /// <param name="FrameBytes">Frame bytes a second per camera, sent to inference.</param>
    /// <param name="NetworkBytes">Of those, the bytes a second per camera that crossed to another silo.</param>
    /// <param name="AboveIdleMsPerFrame">Silo CPU per frame above what the same silos take with no camera (membership, timers, stream agents).</param>
    private sealed record TopologyResult(
        string Name, double ProcessedFps, double SiloCpuMsPerFrame, double AboveIdleMsPerFrame, double P50Ms, double P99Ms, long Dropped,
        double FrameBytes, double NetworkBytes);

    private sealed record DeadResult(int Cameras, double CoreShare, long Probes, double Window, (long Dropped, long Processed) HealthyAlone, (long Dropped, long Processed) HealthyBeside);

    private sealed record ColdResult(int Cameras, int Silos, double SpreadSeconds, int PeakPerSilo, int[] Final);

    /// <summary>Cameras on 3 silos: a warm-up, the measured window, then the same silos idle for as long.</summary>
    private static async Task<TopologyResult> TopologyAsync(PostgresServer postgres, string clips, string clip, bool gpuSilo, TimeSpan warmup, TimeSpan window)
    {
        await using var cluster = await BenchCluster.StartAsync(postgres, clips, 3, gpu: k => gpuSilo && k == 0);
        var video = cluster.Video;
        var ids = Enumerable.Range(0, TopologyCameras).Select(i => $"cam-{i}").ToArray();
        var latencies = new ConcurrentBag<double>();
        var recording = false;
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
            await video.AddCameraAsync(id, new CameraConfig(clip, TopologyFps, "shapes", Loop: true, MotionGate: false));
        }
        await Task.Delay(warmup);
        var before = await video.ListCamerasAsync();
        var cpu = cluster.SiloCpu().Own;
        var cpuEach = cluster.SiloCpuEach();
        Volatile.Write(ref recording, true);
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        var after = await video.ListCamerasAsync();
        cpu = cluster.SiloCpu().Own - cpu;
        var perSilo = cluster.SiloCpuEach().Zip(cpuEach, (now, then) => (now.Own - then.Own).TotalMilliseconds);
        var hosts = after.GroupBy(s => s.Host).Select(g => $"{g.Key}: {g.Count()} cameras");
        Bench.Log($"silo CPU in the window, by silo: {string.Join(", ", perSilo.Select(ms => $"{ms:0} ms"))} ({string.Join("; ", hosts)})");
        Volatile.Write(ref recording, false);

        var elapsed = clock.Elapsed;

        // The same silos with no camera, for as long: what they cost whatever the frames.
        foreach (var id in ids)
        {
            await video.RemoveCameraAsync(id);
        }
        await Task.Delay(TimeSpan.FromSeconds(10));
        var idle = cluster.SiloCpu().Own;
        var idleEach = cluster.SiloCpuEach();
        var idleClock = Stopwatch.StartNew();
        await Task.Delay(window);
        idle = (cluster.SiloCpu().Own - idle) * (elapsed / idleClock.Elapsed);
        Bench.Log($"silo CPU idle, by silo: {string.Join(", ", cluster.SiloCpuEach().Zip(idleEach, (now, then) => $"{(now.Own - then.Own).TotalMilliseconds:0} ms"))}");

        var processed = after.Sum(s => s.FramesProcessed) - before.Sum(s => s.FramesProcessed);
        var sorted = latencies.Order().ToArray();
        return new TopologyResult(
            gpuSilo ? "split (inference on the GPU silo)" : "co-located (inference beside each camera)",
            processed / elapsed.TotalSeconds,
            processed == 0 ? double.NaN : cpu.TotalMilliseconds / processed,
            processed == 0 ? double.NaN : (cpu - idle).TotalMilliseconds / processed,
            PipelineRun.Percentile(sorted, 0.50), PipelineRun.Percentile(sorted, 0.99),
            after.Sum(s => s.FramesDropped) - before.Sum(s => s.FramesDropped),
            after.Average(s => (double)s.FrameBytesPerSecond),
            after.Where(s => s.InferenceHost is not null && s.InferenceHost != s.Host).Sum(s => (double)s.FrameBytesPerSecond) / after.Count);
    }

    private static async Task<DeadResult> DeadCamerasAsync(PostgresServer postgres, string clips, string clip, int count, TimeSpan warmup, TimeSpan window)
    {
        await using var cluster = await BenchCluster.StartAsync(postgres, clips, 1);
        var video = cluster.Video;
        await video.AddCameraAsync("healthy", new CameraConfig(clip, TopologyFps, "shapes", Loop: true, MotionGate: false));
        await Task.Delay(warmup);
        var (alone, aloneCpu) = await MeasureAsync();

        var refused = LoopbackPorts.Free();
        var dead = Enumerable.Range(0, count).Select(i => $"down-{i}").ToArray();
        foreach (var id in dead)
        {
            await video.AddCameraAsync(id, new CameraConfig($"rtsp://127.0.0.1:{refused}/{id}", TopologyFps, "shapes"));
        }
        // Reconnect delays double to their 30 s maximum within about a minute: measure the steady state after it.
        await Task.Delay(TimeSpan.FromSeconds(75));
        var probesBefore = (await video.ListCamerasAsync()).Where(s => dead.Contains(s.Id)).Sum(s => (long)s.Reconnects);
        var (beside, besideCpu) = await MeasureAsync();
        var probes = (await video.ListCamerasAsync()).Where(s => dead.Contains(s.Id)).Sum(s => (long)s.Reconnects) - probesBefore;
        return new DeadResult(count, (besideCpu - aloneCpu) / window, probes, window.TotalSeconds, alone, beside);

        async Task<((long Dropped, long Processed) Healthy, TimeSpan Cpu)> MeasureAsync()
        {
            var first = (await video.GetCameraAsync("healthy"))!;
            var (own, children) = cluster.SiloCpu();
            await Task.Delay(window);
            var last = (await video.GetCameraAsync("healthy"))!;
            var (ownAfter, childrenAfter) = cluster.SiloCpu();
            // The silo's own CPU and that of the ffmpeg runs that ended (a dead camera's decoder would), not the healthy camera's running ffmpeg.
            return ((last.FramesDropped - first.FramesDropped, last.FramesProcessed - first.FramesProcessed), ownAfter - own + childrenAfter - children);
        }
    }

    private static async Task<ColdResult> ColdStartAsync(PostgresServer postgres, string clips, string clip, int count, int silos)
    {
        await using var cluster = await BenchCluster.StartAsync(postgres, clips, silos);
        var ids = Enumerable.Range(0, count).Select(i => $"cold-{i}").ToArray();
        foreach (var id in ids)
        {
            await cluster.Video.AddCameraAsync(id, new CameraConfig(clip, 1, "shapes", Loop: true, MotionGate: false));
        }
        await Eventually.ValueAsync(cluster.Video.ListCamerasAsync, list => list.Count(s => s.State == CameraState.Running) == count,
            TimeSpan.FromMinutes(3), "every camera running before the restart");

        // A full restart: every silo leaves, then as many new ones start together.
        await Task.WhenAll(cluster.Silos.Select(silo => silo.StopAsync(TimeSpan.FromSeconds(60))));
        var started = await cluster.StartSilosAsync(silos);
        var clock = Stopwatch.StartNew();
        await cluster.ConnectAsync();
        var peak = 0;
        while (true)
        {
            var running = (await cluster.Video.ListCamerasAsync()).Where(s => s.State == CameraState.Running).ToList();
            var perSilo = started.Select(silo => running.Count(s => silo.Hosts(s.Host))).ToArray();
            peak = Math.Max(peak, perSilo.Max());
            if (running.Count == count || clock.Elapsed > TimeSpan.FromMinutes(3))
            {
                return new ColdResult(count, silos, running.Count == count ? clock.Elapsed.TotalSeconds : double.NaN, peak, perSilo);
            }
            await Task.Delay(500);
        }
    }

    private static string TopologyReport(TimeSpan warmup, TimeSpan window, TopologyResult split, TopologyResult colocated)
    {
        var text = new StringBuilder();
        text.AppendLine($"{TopologyCameras} cameras at {TopologyFps:0} fps (640x360 clip, `shapes` model), 3 silo processes, {warmup.TotalSeconds:0} s warm-up, {window.TotalSeconds:0} s window, then as long with no camera.");
        text.AppendLine();
        text.AppendLine("| topology | frames/s | silo CPU ms/frame | of it above idle silos | p50 ms | p99 ms | dropped | frame bytes/s per camera | over the network per camera |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in new[] { split, colocated })
        {
            text.AppendLine($"| {row.Name} | {row.ProcessedFps:0.0} | {row.SiloCpuMsPerFrame:0.00} | {row.AboveIdleMsPerFrame:0.00} | {row.P50Ms:0} | {row.P99Ms:0} | {row.Dropped} | {Megabits(row.FrameBytes)} | {Megabits(row.NetworkBytes)} |");
        }
        text.AppendLine();
        // Cameras on the GPU silo send nothing over the network; the difference is owed to the frames that crossed.
        var crossing = split.NetworkBytes / split.FrameBytes;
        text.AppendLine($"Split minus co-located, same run: {split.SiloCpuMsPerFrame - colocated.SiloCpuMsPerFrame:+0.00;-0.00} ms of silo CPU per frame " +
            $"({split.AboveIdleMsPerFrame - colocated.AboveIdleMsPerFrame:+0.00;-0.00} ms above idle silos). {crossing:P0} of the frames crossed to the GPU silo, " +
            $"so a crossing frame cost {(split.SiloCpuMsPerFrame - colocated.SiloCpuMsPerFrame) / crossing:+0.00;-0.00} ms " +
            $"({(split.AboveIdleMsPerFrame - colocated.AboveIdleMsPerFrame) / crossing:+0.00;-0.00} ms above idle silos).");
        text.AppendLine();
        return text.ToString();
    }

    private static string DeadReport(DeadResult dead) =>
        "| dead cameras | silo CPU they add | probes in the window | healthy camera alone: dropped / processed | beside them: dropped / processed |\n" +
        "|---:|---:|---:|---:|---:|\n" +
        $"| {dead.Cameras} refused (rtsp://127.0.0.1, nothing listening) | {dead.CoreShare * 100:0.0} % of a core | {dead.Probes} in {dead.Window:0} s | {dead.HealthyAlone.Dropped} / {dead.HealthyAlone.Processed} | {dead.HealthyBeside.Dropped} / {dead.HealthyBeside.Processed} |\n\n";

    private static string ColdReport(ColdResult cold)
    {
        var bound = (cold.Cameras + cold.Silos - 1) / cold.Silos + 1;
        return "| cold start | all running after | most cameras on one silo, ever (bound ⌈N/S⌉ + 1) | final spread |\n" +
            "|---|---:|---:|---|\n" +
            $"| {cold.Cameras} cameras (320x180 at 5 fps, analysed at 1 fps), {cold.Silos} silos restarted together | {cold.SpreadSeconds:0.0} s from the silos answering | {cold.PeakPerSilo} ({bound}) | {string.Join(" + ", cold.Final)} |\n";
    }

    private static string Megabits(double bytesPerSecond) => $"{bytesPerSecond * 8 / 1e6:0.0} Mbit/s";
}
