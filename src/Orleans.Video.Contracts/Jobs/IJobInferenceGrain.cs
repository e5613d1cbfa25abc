using Orleans.Concurrency;

namespace Orleans.Video;

/// <summary>
/// Detection for a job's frames, placed as a camera's inference is (on a GPU silo when there is one, the caller's
/// silo when it qualifies), keyed by the calling worker's silo and slot. Unlike a camera's it answers with the
/// detections: the worker gathers a chunk's results and reports them whole.
/// </summary>
[Alias("video.IJobInferenceGrain")]
public interface IJobInferenceGrain : IGrainWithStringKey
{
    /// <summary>The detections in <paramref name="frame"/>, filtered by its filter.</summary>
    /// <exception cref="ArgumentException">The frame does not fit the model.</exception>
    /// <exception cref="InvalidOperationException">The model is unknown or failed to load.</exception>
    [Alias("Detect")]
    Task<IReadOnlyList<Detection>> DetectAsync(FramePacket frame);
}
