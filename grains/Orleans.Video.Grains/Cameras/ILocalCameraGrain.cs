using Orleans.Concurrency;

namespace Orleans.Video.Grains.Cameras;

/// <summary>
/// Calls a camera grain gets from its own silo: from its decoder thread, and from the silo when it stops. They are
/// grain calls, queued like any other, so they never interleave with <see cref="ICameraGrain.ConfigureAsync"/> or
/// <see cref="ICameraGrain.StopAsync"/>. Clients never make them.
/// </summary>
[Alias("video.ILocalCameraGrain")]
public interface ILocalCameraGrain : IGrainWithStringKey
{
    /// <summary>Publishes the frames the running decoder's gate lets through.</summary>
    [OneWay]
    [Alias("PublishFrames")]
    Task PublishFramesAsync();

    /// <summary>
    /// The silo is stopping: stop the decoder, end the open events and store them while the event log can still be
    /// reached, then deactivate. The camera stays enabled, to resume on another silo. Returns the events it ended.
    /// </summary>
    [Alias("LeaveSilo")]
    Task<int> LeaveSiloAsync();
}
