namespace Orleans.Video;

/// <summary>
/// Receives a camera's live video (<see cref="ICameraGrain.WatchLiveAsync"/>). Each silo with viewers of a camera
/// holds one, whatever the number of viewers, so the camera remuxes once and sends each segment once per silo.
/// </summary>
[Alias("video.ILiveViewer")]
public interface ILiveViewer : IGrainObserver
{
    /// <summary>The segments since the previous call, in order. The camera sends the next batch once this one returns.</summary>
    [Alias("OnVideo")]
    Task OnVideoAsync(LiveSegment[] segments);
}
