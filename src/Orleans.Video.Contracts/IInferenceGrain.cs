using Orleans.Concurrency;

namespace Orleans.Video;

/// <summary>
/// Runs detection on one camera's frames (key = camera id). Stateless, placed on silos that advertise a GPU, and
/// fed by its camera grain alone: one one-way call per frame, at most one network hop, no queue in between.
/// </summary>
[Alias("video.IInferenceGrain")]
public interface IInferenceGrain : IGrainWithStringKey
{
    /// <summary>
    /// Analyses <paramref name="frame"/> and acknowledges it with <see cref="ICameraGrain.FrameProcessedAsync"/>,
    /// which frees the camera's slot for the next frame. One-way: the camera's gate, not the call, bounds what is in
    /// flight, and a frame lost with a dying silo is acknowledged by nobody and expires.
    /// </summary>
    [OneWay]
    [Alias("Analyse")]
    Task AnalyseAsync(FramePacket frame);

    /// <summary>The silo this activation runs on and the number of frames it processed. Answered between frames.</summary>
    [AlwaysInterleave]
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
