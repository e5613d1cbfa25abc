using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Orleans.Video.Grains.Cameras;

/// <summary>
/// The cameras active on this silo. When the silo stops, it stops them first, while it is still a full member of
/// the cluster: their open events end and are stored before the grains they go to can no longer be placed, and the
/// silo says what it did. Cameras stay enabled; another silo (or this one, started again) resumes them.
/// </summary>
public sealed partial class LocalCameras(IGrainFactory grains, ILogger<LocalCameras> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly ConcurrentDictionary<string, byte> _active = new(StringComparer.Ordinal);
    private volatile bool _leaving;

    /// <summary>Set once the silo has begun to stop: a camera activated now does not start its decoder here.</summary>
    public bool Leaving => _leaving;

    public void Add(string cameraId) => _active.TryAdd(cameraId, 0);

    public void Remove(string cameraId) => _active.TryRemove(cameraId, out _);

    public void Participate(ISiloLifecycle lifecycle) =>
        // Active is the last stage to start and the first to stop: grain calls and placement still work then.
        lifecycle.Subscribe(nameof(LocalCameras), ServiceLifecycleStage.Active, _ => Task.CompletedTask, LeaveAsync);

    private async Task LeaveAsync(CancellationToken cancellationToken)
    {
        _leaving = true;
        var cameras = _active.Keys.ToList();
        var left = await Task.WhenAll(cameras.Select(id => LeaveAsync(id, cancellationToken)));
        LogLeft(logger, cameras.Count, left.Sum());
    }

    private async Task<int> LeaveAsync(string cameraId, CancellationToken cancellationToken)
    {
        try
        {
            return await grains.GetGrain<ILocalCameraGrain>(cameraId).LeaveSiloAsync().WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or OperationCanceledException)
        {
            // The events stay open in storage; the camera's next start on any silo ends them.
            LogLeaveFailed(logger, cameraId, e.Message);
            return 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo stopping: stopped {Cameras} cameras and ended {Events} open events; they resume on the other silos, or here at the next start")]
    private static partial void LogLeft(ILogger logger, int cameras, int events);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId} did not stop cleanly before the silo left: {Error}")]
    private static partial void LogLeaveFailed(ILogger logger, string cameraId, string error);
}
