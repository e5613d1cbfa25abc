namespace Orleans.Video.Inference;

/// <summary>The silo's inference settings, bound from the <c>Inference</c> configuration section.</summary>
public sealed class InferenceOptions
{
    public const string SectionName = "Inference";

    /// <summary>Try the CUDA execution provider (needs the ONNX Runtime GPU package); falls back to CPU with a warning.</summary>
    public bool UseCuda { get; set; }

    /// <summary>Threads ONNX Runtime uses inside one operator; 0 keeps its default (one per core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Let ONNX Runtime's worker threads spin between operators instead of sleeping. Spinning shortens a lone run a
    /// little, but on a silo whose cores also decode video it burns the time the decoders need: off by default.
    /// </summary>
    public bool AllowSpinning { get; set; }

    /// <summary>Most frames run together in one call when a model's batch dimension is dynamic.</summary>
    public int MaxBatch { get; set; } = 8;

    /// <summary>How long the first frame of a batch may wait for others to join it.</summary>
    public TimeSpan MaxBatchWait { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The model catalog: name (case-insensitive) → definition.</summary>
    public Dictionary<string, ModelDefinition> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
