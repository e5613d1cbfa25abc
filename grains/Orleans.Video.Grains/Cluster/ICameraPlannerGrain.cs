using Orleans.Concurrency;
using Orleans.Runtime;

namespace Orleans.Video.Grains.Cluster;

/// <summary>
/// Decides where cameras run, and runs them there (<see cref="CameraPlannerGrain"/>); use the key
/// <see cref="ICameraRegistryGrain.Key"/>. Silos only: membership (<see cref="CameraKeeper"/>), the silo's start, the
/// registry and the cameras call it; placement never does.
/// </summary>
[Alias("video.ICameraPlannerGrain")]
public interface ICameraPlannerGrain : IGrainWithStringKey
{
    /// <summary>
    /// The active silo for a camera about to be added or started: where it runs, if it runs, else where the plan puts
    /// it, counted as its host from now on; null when no silo is active. During a cold start it answers once the silos
    /// have joined.
    /// </summary>
    [Alias("Plan")]
    Task<SiloAddress?> PlanAsync(string cameraId);

    /// <summary>
    /// Runs every registered camera that is not running, each on its planned silo (the silo started, a silo died).
    /// Returns once the camera list is read, before they have started.
    /// </summary>
    [Alias("EnsureStarted")]
    Task EnsureStartedAsync();

    /// <summary>An enabled camera found itself not running (a call woke it, its keep-alive fired): run it where the plan says.</summary>
    [OneWay]
    [Alias("NotRunning")]
    Task NotRunningAsync(string cameraId);

    /// <summary>A camera was removed: it leaves the load picture and its cost is forgotten.</summary>
    [Alias("Forget")]
    Task ForgetAsync(string cameraId);
}
