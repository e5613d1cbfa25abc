using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orleans.Video.Inference;

/// <summary>Inference-side instruments, tagged by model.</summary>
internal static class InferenceMetrics
{
    /// <summary>Engines whose queues the depth gauge reads (one per silo; tests make several in one process).</summary>
    private static readonly ConcurrentDictionary<InferenceEngine, byte> Engines = new();

    /// <summary>Seconds, as Prometheus wants durations; buckets from a millisecond (a light model) to seconds (a heavy one on a busy CPU).</summary>
    private static readonly Histogram<double> RunDuration = VideoMeter.Meter.CreateHistogram(
        "orleans_video.inference.duration", "s", "Time of one model run (ONNX Runtime or OpenCV), input fill and decoding included",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    private static readonly Histogram<int> BatchSize = VideoMeter.Meter.CreateHistogram<int>(
        "orleans_video.inference.batch_size", "{frame}", "Frames per model run (dynamic batching across cameras; 1 for OpenCV detectors)");

    private static readonly Counter<long> Frames = VideoMeter.Meter.CreateCounter<long>(
        "orleans_video.inference.frames", "{frame}", "Frames run through a model");

    static InferenceMetrics()
    {
        VideoMeter.Meter.CreateObservableGauge("orleans_video.inference.queue_depth",
            () => Engines.Keys.SelectMany(engine => engine.QueueDepths()).Select(depth => new Measurement<int>(depth.Frames, Model(depth.Model))),
            "{frame}", "Frames queued for inference");
        VideoMeter.Meter.CreateObservableGauge("orleans_video.inference.cuda_fallback",
            () => Engines.Keys.SelectMany(engine => engine.CudaFallbacks()).Select(model => new Measurement<int>(1, Model(model))),
            "{model}", "1 for each ONNX model that runs on the CPU although CUDA was asked for (a GPU silo without a usable GPU)");
    }

    /// <summary>One model run of <paramref name="frames"/> frames that began at <paramref name="started"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public static void RecordRun(string model, long started, int frames)
    {
        var tag = Model(model);
        RunDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tag);
        BatchSize.Record(frames, tag);
        Frames.Add(frames, tag);
    }

    public static void Observe(InferenceEngine engine) => Engines.TryAdd(engine, 0);

    public static void Forget(InferenceEngine engine) => Engines.TryRemove(engine, out _);

    private static KeyValuePair<string, object?> Model(string name) => new("model", name);
}
