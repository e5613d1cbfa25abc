namespace Orleans.Video;

/// <summary>
/// Runs detection on one camera's frames. Activated by the implicit subscription to <see cref="StreamNames.Frames"/>
/// (key = camera id), stateless, and placed on silos that advertise a GPU.
/// </summary>
[Alias("video.IInferenceGrain")]
public interface IInferenceGrain : IGrainWithStringKey
{
    /// <summary>The silo this activation runs on and the number of frames it processed.</summary>
    [Alias("GetStats")]
    Task<InferenceStats> GetStatsAsync();
}

[GenerateSerializer, Immutable]
[Alias("video.InferenceStats")]
public sealed record InferenceStats(
    [property: Id(0)] string Host,
    [property: Id(1)] long FramesProcessed,
    [property: Id(2)] long FramesFailed,
    [property: Id(3)] string? LastError);
