using Orleans.Concurrency;
using Orleans.Video.Grains.Placement;
using Orleans.Video.Inference;

namespace Orleans.Video.Grains.Jobs;

/// <summary>
/// A job worker's inference: on a GPU silo when there is one, else on the worker's own silo (frames then pass by
/// reference). Reentrant: a worker keeps several frames in flight, and the silo's engine batches them with every
/// other frame waiting, cameras' included.
/// </summary>
[GpuPlacement]
[Reentrant]
[GrainType("jobinference")]
public sealed class JobInferenceGrain(IInferenceEngine engine) : Grain, IJobInferenceGrain
{
    public async Task<IReadOnlyList<Detection>> DetectAsync(FramePacket frame)
    {
        var detections = await engine.DetectAsync(frame, CancellationToken.None);
        // The engine has copied the pixels: a frame that came over the network gives its buffer to the next one.
        frame.Planes.Release();
        return frame.Filter is { } filter ? filter.Apply(detections) : detections;
    }
}
