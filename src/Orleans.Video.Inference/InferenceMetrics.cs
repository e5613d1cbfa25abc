using System.Diagnostics.Metrics;

namespace Orleans.Video.Inference;

/// <summary>Inference-side instruments, tagged by model.</summary>
internal static class InferenceMetrics
{
    private static readonly Meter Meter = new(VideoMeter.Name);

    public static readonly Histogram<double> RunLatency =
        Meter.CreateHistogram<double>("orleans_video.inference.duration", "ms", "Time of one model run (ONNX Runtime or OpenCV), input fill and decoding included");

    public static readonly Histogram<int> BatchSize =
        Meter.CreateHistogram<int>("orleans_video.inference.batch_size", "{frame}", "Frames per model run (dynamic batching across cameras; 1 for OpenCV detectors)");

    public static readonly Counter<long> Frames =
        Meter.CreateCounter<long>("orleans_video.inference.frames", "{frame}", "Frames run through a model");

    public static KeyValuePair<string, object?> Model(string name) => new("model", name);
}
