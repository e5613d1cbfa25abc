namespace Orleans.Video.Inference;

/// <summary>
/// One loaded model of the engine, whatever runs it (ONNX Runtime's <see cref="ModelRunner"/>, OpenCV's
/// <see cref="OpenCvRunner"/>): it queues frames, runs them off the callers' threads and counts what it did.
/// </summary>
internal interface IModelRunner : IAsyncDisposable
{
    /// <summary>Where the model comes from, as messages show it (a file, a builtin).</summary>
    string Source { get; }

    /// <summary>What runs it: "CPU" or "CUDA" (ONNX Runtime), "OpenCV".</summary>
    string Provider { get; }

    /// <summary>The model's input, its batching and its output, for the load log.</summary>
    string Input { get; }

    string Batching { get; }

    string Output { get; }

    bool DynamicBatch { get; }

    long Runs { get; }

    long Frames { get; }

    int LastBatchSize { get; }

    int QueueLength { get; }

    /// <summary>Queues a frame (waiting when the queue is full) and returns its detections in source-frame pixels.</summary>
    /// <exception cref="ArgumentException">The packet does not fit this model's input.</exception>
    Task<IReadOnlyList<Detection>> DetectAsync(FramePacket frame, CancellationToken cancellationToken);
}
