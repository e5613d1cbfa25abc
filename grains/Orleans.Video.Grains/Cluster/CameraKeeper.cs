using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Orleans.Video.Grains.Cluster;

/// <summary>
/// Restarts cameras as soon as membership declares a silo dead, instead of waiting for the planner's next
/// sweep or a camera's keep-alive reminder (a minute at least). Runs on every silo; the restart is idempotent.
/// </summary>
public sealed partial class CameraKeeper(IClusterMembershipService membership, IGrainFactory grains, ILogger<CameraKeeper> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stop = new();
    private Task _watch = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(CameraKeeper), ServiceLifecycleStage.Active,
            _ =>
            {
                _watch = Task.Run(() => WatchAsync(_stop.Token));
                return Task.CompletedTask;
            },
            async _ =>
            {
                await _stop.CancelAsync();
                await _watch;
            });

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            var previous = membership.CurrentSnapshot;
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken))
            {
                var update = snapshot.CreateUpdate(previous);
                previous = snapshot;
                var dead = update.Changes.Where(member => member.Status == SiloStatus.Dead).Select(member => member.SiloAddress).ToList();
                if (dead.Count > 0)
                {
                    LogSiloDead(logger, string.Join(", ", dead));
                    await RestartCamerasAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Silo shutting down.
        }
    }

    private async Task RestartCamerasAsync(CancellationToken cancellationToken)
    {
        // Right after a death the planner or the registry may have lived on the dead silo; retry a few times.
        for (var attempt = 1; attempt <= 5 && !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await grains.GetGrain<ICameraPlannerGrain>(ICameraRegistryGrain.Key).EnsureStartedAsync();
                return;
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                LogRestartFailed(logger, attempt, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo(s) declared dead: {Silos}; restarting their cameras")]
    private static partial void LogSiloDead(ILogger logger, string silos);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restarting cameras failed (attempt {Attempt}): {Error}")]
    private static partial void LogRestartFailed(ILogger logger, int attempt, string error);
}
