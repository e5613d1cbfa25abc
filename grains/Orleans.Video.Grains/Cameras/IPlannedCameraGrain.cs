using Orleans.Runtime;

namespace Orleans.Video.Grains.Cameras;

/// <summary>The call the camera planner makes (<see cref="Cluster.CameraPlannerGrain"/>). Silos only.</summary>
[Alias("video.IPlannedCameraGrain")]
public interface IPlannedCameraGrain : IGrainWithStringKey
{
    /// <summary>
    /// Runs the camera if it is enabled and not running: here when <paramref name="planned"/> is null or this silo;
    /// otherwise this activation moves there and runs there. A running camera only answers. Returns the status, or
    /// null when it is moving.
    /// </summary>
    [Alias("Run")]
    Task<CameraStatus?> RunAsync(SiloAddress? planned);
}
