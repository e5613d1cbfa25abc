using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.Video.Client;

namespace Orleans.Video.Benchmarks;

/// <summary>One measurement of the cluster pipeline: some cameras, a warm-up, then a window.</summary>
/// <param name="ProcessedFps">Frames processed per second over the whole window.</param>
/// <param name="PeakFps">
/// The best of the window's three thirds, a few seconds each. On a shared virtual machine the rate moves by ±8 %
/// from one few-second stretch to the next; ffmpeg alone's limit is the best of six runs of about that length, so
/// the pipeline is compared with it on its best stretch too, like with like.
/// </param>
/// <param name="RssMb">Resident memory of the silo process and its ffmpeg children at the end of the window.</param>
/// <param name="SiloCpuMsPerFrame">CPU time of the silo process (everything but decoding) per processed frame.</param>
/// <param name="DecoderCpuMsPerFrame">CPU time of the ffmpeg decoders per processed frame (decoded frames that were dropped included).</param>
/// <param name="AllocatedKbPerFrame">Managed memory the silo allocated per processed frame (pooled frame buffers are not allocations).</param>
/// <param name="Collections">Garbage collections during the window, by generation (0, 1, 2).</param>
/// <param name="JitMs">
/// Time the silo spent in the JIT during the window, as wall time: on a busy machine it includes the JIT thread
/// waiting for a core, so it shows whether the JIT is active rather than its exact share of the silo's CPU.
/// </param>
public sealed record PipelineResult(
    int Cameras, double OfferedFps, double ProcessedFps, double PeakFps, double P50Ms, double P99Ms, long Dropped, double CpuPercent, double RssMb,
    double SiloCpuMsPerFrame, double DecoderCpuMsPerFrame, double AllocatedKbPerFrame, int[] Collections, double JitMs);

public static class PipelineRun
{
    /// <param name="fps">Analysis fps per camera (30 = every frame of the 25 fps clip).</param>
    public static async Task<PipelineResult> MeasureAsync(
        VideoClient video, string clip, int cameras, double fps, BenchSettings settings, string name)
    {
        var ids = Enumerable.Range(0, cameras).Select(i => $"{name}-{i}").ToArray();
        long Sum(IEnumerable<CameraStatus> statuses, Func<CameraStatus, long> value) =>
            statuses.Where(s => ids.Contains(s.Id)).Sum(value);
        long Processed(IEnumerable<CameraStatus> statuses) => Sum(statuses, s => s.FramesProcessed);
        var latencies = new ConcurrentBag<double>();
        var recording = false;
        var subscriptions = new List<IAsyncDisposable>();
        foreach (var id in ids)
        {
            subscriptions.Add(await video.SubscribeAsync(id, frame =>
            {
                // The inference grain stores a frame's detections (in its bucket grain, written to PostgreSQL within
                // Detections:FlushInterval) before it publishes them live: receipt is after storing.
                if (Volatile.Read(ref recording))
                {
                    latencies.Add((DateTimeOffset.UtcNow - frame.Timestamp).TotalMilliseconds);
                }
                return Task.CompletedTask;
            }));
            await video.AddCameraAsync(id, new CameraConfig(clip, fps, settings.Model.Name, Loop: true, MotionGate: false));
        }

        await Task.Delay(settings.Warmup);
        var before = await video.ListCamerasAsync();
        var sampler = new SystemSampler();
        var allocated = GC.GetTotalAllocatedBytes();
        int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var jit = System.Runtime.JitInfo.GetCompilationTime();
        Volatile.Write(ref recording, true);
        var windowStarted = Stopwatch.GetTimestamp();
        var (after, peak) = (before, 0.0);
        for (var third = 0; third < 3; third++)
        {
            var started = Stopwatch.GetTimestamp();
            await Task.Delay(settings.Window / 3);
            var mark = after;
            after = await video.ListCamerasAsync();
            peak = Math.Max(peak, (Processed(after) - Processed(mark)) / Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        var window = Stopwatch.GetElapsedTime(windowStarted);
        Volatile.Write(ref recording, false);
        var cpu = sampler.CpuPercent();
        jit = System.Runtime.JitInfo.GetCompilationTime() - jit;
        var (siloTime, decoderTime) = sampler.ProcessTimes();
        allocated = GC.GetTotalAllocatedBytes() - allocated;
        collections = [GC.CollectionCount(0) - collections[0], GC.CollectionCount(1) - collections[1], GC.CollectionCount(2) - collections[2]];
        var rss = SystemSampler.ResidentMegabytes();

        foreach (var subscription in subscriptions)
        {
            await subscription.DisposeAsync();
        }
        foreach (var id in ids)
        {
            await video.RemoveCameraAsync(id);
        }
        await Task.Delay(TimeSpan.FromSeconds(2));

        var processed = Processed(after) - Processed(before);
        var dropped = Sum(after, s => s.FramesDropped) - Sum(before, s => s.FramesDropped);
        var sorted = latencies.Order().ToArray();
        return new PipelineResult(
            cameras, cameras * Math.Min(fps, 25), processed / window.TotalSeconds, peak,
            Percentile(sorted, 0.50), Percentile(sorted, 0.99), dropped, cpu, rss,
            PerFrame(siloTime, processed), PerFrame(decoderTime, processed),
            processed == 0 ? double.NaN : allocated / 1024.0 / processed, collections, jit.TotalMilliseconds);
    }

    private static double PerFrame(TimeSpan time, long frames) => frames == 0 ? double.NaN : time.TotalMilliseconds / frames;

    internal static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
