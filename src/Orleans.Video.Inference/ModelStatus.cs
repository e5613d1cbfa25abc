namespace Orleans.Video.Inference;

/// <summary>A model's state in the engine and its batching counters.</summary>
/// <param name="Loaded">True when the model is loaded and accepting frames.</param>
/// <param name="Error">Why it failed to load; null when it loaded (or has not been asked for yet).</param>
/// <param name="Provider">What runs the model when loaded: ONNX Runtime's execution provider ("CUDA" or "CPU"), or "OpenCV".</param>
/// <param name="DynamicBatch">True when frames run together in one call; false for a model with a fixed batch of 1 and for OpenCV's detectors.</param>
/// <param name="Runs">Calls into ONNX Runtime or the OpenCV detector, warm-up excluded.</param>
/// <param name="Frames">Frames inferred; Frames / Runs is the mean batch size.</param>
/// <param name="LastBatchSize">Frames in the most recent run.</param>
/// <param name="QueueLength">Frames waiting for a batch now.</param>
/// <param name="CudaUnavailable">Why a model asked to run on CUDA runs on the CPU (the library that did not load); null otherwise.</param>
/// <param name="Labels">The labels its detections can carry (<see cref="ModelLabels"/>), loaded or not; empty when not known.</param>
public sealed record ModelStatus(
    string Model,
    bool Loaded,
    string? Error,
    string? Provider,
    bool DynamicBatch,
    long Runs,
    long Frames,
    int LastBatchSize,
    int QueueLength,
    string? CudaUnavailable = null,
    IReadOnlyList<string>? Labels = null);
