namespace Orleans.Video.Inference;

/// <summary>Runs the silo's models on frames; one per process, shared by every camera.</summary>
public interface IInferenceEngine
{
    /// <summary>Detects objects in one frame with the model it names (<see cref="FramePacket.Model"/>); ONNX models batch it with other cameras' frames.</summary>
    /// <returns>Detections with boxes in source-frame pixels.</returns>
    /// <exception cref="ArgumentException">The packet does not fit the model (planes length, letterbox input size).</exception>
    /// <exception cref="InvalidOperationException">The model is unknown or failed to load; the message says which and why.</exception>
    Task<IReadOnlyList<Detection>> DetectAsync(FramePacket frame, CancellationToken cancellationToken = default);

    /// <summary>Every configured model's state and counters.</summary>
    IReadOnlyList<ModelStatus> GetStatus();

    /// <summary>One model's state and counters.</summary>
    /// <exception cref="ArgumentException">No such model.</exception>
    ModelStatus GetStatus(string model);

    /// <summary>ONNX models that run on the CPU although CUDA was asked for.</summary>
    IReadOnlyList<string> CudaFallbacks();

    /// <summary>Why CUDA, asked for, is not used on this silo (a library that did not load, the CPU package); null otherwise.</summary>
    string? CudaUnavailable { get; }
}
