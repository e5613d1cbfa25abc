using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using Orleans.Video.Grains.Cluster;

namespace Orleans.Video.Grains.Cameras;

/// <summary>
/// The durable list of cameras. Adding validates, configures and starts the camera grain. A timer sweeps the
/// cameras: activating each one restarts its decoder wherever it died, and with rebalancing on, cameras move
/// from the busiest silos to the idlest.
/// </summary>
[GrainType("cameraregistry")]
public sealed partial class CameraRegistryGrain(
    [PersistentState("registry", GrainStorageNames.Video)] IPersistentState<CameraRegistryRecord> state,
    IOptions<CameraClusterOptions> options,
    ILogger<CameraRegistryGrain> logger) : Grain, ICameraRegistryGrain
{
    /// <summary>Where each camera ran when last seen: the load picture used to place new cameras.</summary>
    private readonly Dictionary<string, SiloAddress?> _hosts = new(StringComparer.Ordinal);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var period = options.Value.SweepInterval;
        // The sweep is the cluster's job, not a client's: keep this activation alive to run it.
        this.RegisterGrainTimer(SweepAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
        await StatusesAsync();
    }

    public async Task AddAsync(string cameraId, CameraConfig config)
    {
        if (CameraId.Validate(cameraId) is { } idError)
        {
            throw new ArgumentException(idError, nameof(cameraId));
        }
        CameraConfigValidator.ThrowIfInvalid(config);
        var camera = GrainFactory.GetGrain<ICameraGrain>(cameraId);
        if (!state.State.Cameras.Contains(cameraId))
        {
            // Load statistics lag by a second or more, so cameras added in a burst would all pick the same
            // "least loaded" silo; the registry knows where cameras run and places new ones itself.
            RequestContext.Set(IPlacementDirector.PlacementHintKey, await LeastLoadedSiloAsync());
        }
        try
        {
            await camera.ConfigureAsync(config);
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
        if (state.State.Cameras.Add(cameraId))
        {
            await state.WriteStateAsync();
        }
        await camera.StartAsync();
        _hosts[cameraId] = (await camera.GetStatusAsync()).Silo;
    }

    public async Task<bool> RemoveAsync(string cameraId)
    {
        if (!state.State.Cameras.Contains(cameraId))
        {
            return false;
        }
        await GrainFactory.GetGrain<ICameraGrain>(cameraId).RemoveAsync();
        state.State.Cameras.Remove(cameraId);
        _hosts.Remove(cameraId);
        await state.WriteStateAsync();
        return true;
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Cameras]);

    /// <summary>Activating a camera grain restarts its decoder when it should be running.</summary>
    public async Task EnsureStartedAsync() => await StatusesAsync();

    private async Task<SiloAddress> LeastLoadedSiloAsync()
    {
        var silos = (await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Keys;
        return silos
            .OrderBy(silo => _hosts.Values.Count(host => host == silo))
            .ThenBy(_ => Random.Shared.Next())
            .First();
    }

    private async Task<CameraStatus[]> StatusesAsync()
    {
        var calls = state.State.Cameras.Select(async id =>
        {
            try
            {
                return await GrainFactory.GetGrain<ICameraGrain>(id).GetStatusAsync();
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                // Its silo may be dying; the next sweep (or the membership watcher) tries again.
                LogSweepFailed(logger, id, e.Message);
                return null;
            }
        });
        var statuses = (await Task.WhenAll(calls)).OfType<CameraStatus>().ToArray();
        foreach (var status in statuses)
        {
            _hosts[status.Id] = status.Silo;
        }
        return statuses;
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var statuses = await StatusesAsync();
        if (options.Value.Rebalance)
        {
            await RebalanceAsync(statuses);
        }
    }

    private async Task RebalanceAsync(CameraStatus[] statuses)
    {
        var silos = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var running = statuses.Where(s => s.Silo is not null && s.State is CameraState.Running or CameraState.Starting or CameraState.Reconnecting).ToList();
        var moves = CameraBalancer.PlanMoves(
            silos.Keys.ToList(),
            running.Select(s => (s.Id, s.Silo!)).ToList(),
            options.Value.MaxMovesPerSweep);
        foreach (var (cameraId, target) in moves)
        {
            LogMoving(logger, cameraId, target);
            await GrainFactory.GetGrain<ICameraGrain>(cameraId).MoveToAsync(target);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sweep: camera {CameraId} did not answer: {Error}")]
    private static partial void LogSweepFailed(ILogger logger, string cameraId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebalancing: moving camera {CameraId} to {Silo}")]
    private static partial void LogMoving(ILogger logger, string cameraId, SiloAddress silo);
}
