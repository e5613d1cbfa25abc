using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Video.Grains.Cameras;
using Orleans.Video.Grains.Placement;

namespace Orleans.Video.Grains.Cluster;

/// <summary>
/// Where cameras run, and the one thing that runs them there. It plans by decode cost per core
/// (<see cref="CameraBalancer"/>) and runs a camera with a placement hint for its planned silo
/// (<see cref="IPlannedCameraGrain.RunAsync"/>): an activation it makes lands there, and one that something else woke
/// elsewhere moves there first. Membership feeds it (<see cref="CameraKeeper"/> on a death, each silo's start), so
/// do its own sweep and the cameras that find themselves not running. After a full restart it runs nothing until
/// the silos starting together have joined (<see cref="ColdStartWait"/>).
/// </summary>
/// <remarks>
/// Reentrant: nothing it does waits on a call that could wait on it, and a sweep held up by a silo that stopped
/// answering must not hold up the plans and runs meanwhile. Its state is written only at activation and by the sweep
/// (one tick at a time), so no two writes overlap.
/// </remarks>
[Reentrant]
[PreferLocalPlacement]
[GrainType("cameraplanner")]
public sealed partial class CameraPlannerGrain(
    [PersistentState("planner", GrainStorageNames.Video)] IPersistentState<CameraPlannerRecord> state,
    ClusterSilos silos,
    IOptions<CameraClusterOptions> options,
    ILogger<CameraPlannerGrain> logger) : Grain, ICameraPlannerGrain
{
    /// <summary>What a camera never seen running is assumed to cost when nothing else is known: 1280x720 at 25 fps.</summary>
    private const long DefaultCost = 1280L * 720 * 25;

    /// <summary>A camera's cost is stored again when it changes by more than this share (a new resolution, not jitter).</summary>
    private const double CostChange = 0.1;

    /// <summary>Where each running camera runs, or was just sent: the load picture plans and rebalancing use.</summary>
    private readonly Dictionary<string, SiloAddress> _hosts = new(StringComparer.Ordinal);

    /// <summary>Cameras last seen stopped by their operator: they take no place in a plan.</summary>
    private readonly HashSet<string> _stopped = new(StringComparer.Ordinal);

    /// <summary>A camera's cost was observed to change since the state was last written (the next sweep writes it).</summary>
    private bool _costsChanged;

    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ICameraRegistryGrain Registry => GrainFactory.GetGrain<ICameraRegistryGrain>(ICameraRegistryGrain.Key);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var period = options.Value.SweepInterval;
        // The sweep is the cluster's job, not a client's: keep this activation alive to run it.
        this.RegisterGrainTimer(SweepAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true, Interleave = true });
        // Never written: a new cluster (or the first start of this version), which has no silos to wait for.
        var coldStart = state.RecordExists && !silos.Active().Any(silo => state.State.Silos.Contains(silo.Silo));
        if (coldStart && options.Value.ColdStartSettle > TimeSpan.Zero)
        {
            await WaitForSilosToJoinAsync();
            return;
        }
        _settled.SetResult();
        // The silos active now are stored before anything runs: a planner that moves to another silo after a death (its
        // own silo's) must not take the cluster for a cold start because its first sweep had not written them yet.
        await WriteIfChangedAsync();
    }

    public async Task<SiloAddress?> PlanAsync(string cameraId)
    {
        if (!_settled.Task.IsCompleted)
        {
            try
            {
                await _settled.Task.WaitAsync(CameraClusterOptions.MaxColdStartSettle);
            }
            catch (TimeoutException)
            {
                // Planned on the silos there are.
            }
        }
        // A camera that runs already (reconfigured, or started again) stays where it runs.
        return _hosts.TryGetValue(cameraId, out var host) && ActiveSilos().Contains(host) ? host : Place(cameraId);
    }

    public async Task EnsureStartedAsync()
    {
        if (_settled.Task.IsCompleted)
        {
            // Not awaited past the list: the caller (membership, a silo's start) needs to know the cameras are on their
            // way, not to wait for a thousand of them, some on a silo that is dying.
            RunAllAsync(await Registry.ListAsync()).Ignore();
        }
    }

    public Task NotRunningAsync(string cameraId)
    {
        if (_settled.Task.IsCompleted)
        {
            RunAsync(cameraId).Ignore();
        }
        return Task.CompletedTask;
    }

    public Task ForgetAsync(string cameraId)
    {
        _hosts.Remove(cameraId);
        _stopped.Remove(cameraId);
        return Task.CompletedTask;
    }

    /// <summary>A cold start: checks every second whether the silos have joined (<see cref="ColdStartWait"/>), then runs the cameras.</summary>
    private async Task WaitForSilosToJoinAsync()
    {
        var cameras = (await Registry.ListAsync()).Count;
        var wait = new ColdStartWait(silos, state.State.Silos.Count, options.Value.ColdStartSettle);
        if (cameras > 0)
        {
            LogColdStart(logger, cameras, state.State.Silos.Count, options.Value.ColdStartSettle.TotalSeconds);
        }
        IGrainTimer? timer = null;
        timer = this.RegisterGrainTimer(async () =>
        {
            if (!wait.IsOver())
            {
                return;
            }
            timer!.Dispose();
            if (cameras > 0)
            {
                LogSettled(logger, silos.Active().Count, wait.Elapsed.TotalSeconds);
            }
            _settled.TrySetResult();
            await EnsureStartedAsync();
        }, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)) { Interleave = true, KeepAlive = true });
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        if (!_settled.Task.IsCompleted)
        {
            return;
        }
        CameraMetrics.Sweeps.Add(1, new KeyValuePair<string, object?>("stage", "started"));
        // Membership first: a camera on a silo cut off holds its answer until the membership decides.
        await WriteIfChangedAsync();
        var statuses = await RunAllAsync(await Registry.ListAsync());
        // What a removal or a refused add left behind (the registry tells the planner, but a call can be lost). The list
        // is read again: cameras added while the sweep waited are not gone.
        var registered = (await Registry.ListAsync()).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _hosts.Keys.Where(id => !registered.Contains(id)).ToList())
        {
            _hosts.Remove(gone);
        }
        _stopped.IntersectWith(registered);
        foreach (var gone in state.State.Costs.Keys.Where(id => !registered.Contains(id)).ToList())
        {
            state.State.Costs.Remove(gone);
            _costsChanged = true;
        }
        await WriteIfChangedAsync();
        if (options.Value.Rebalance)
        {
            await RebalanceAsync(statuses);
        }
        CameraMetrics.Sweeps.Add(1, new KeyValuePair<string, object?>("stage", "completed"));
    }

    /// <summary>Runs each camera (a running one only answers): the load picture loses the silos that left first.</summary>
    private async Task<CameraStatus[]> RunAllAsync(IReadOnlyList<string> cameras)
    {
        var active = ActiveSilos();
        foreach (var (id, host) in _hosts.Where(entry => !active.Contains(entry.Value)).ToList())
        {
            _hosts.Remove(id);
        }
        return (await Task.WhenAll(cameras.Select(RunAsync))).OfType<CameraStatus>().ToArray();
    }

    /// <summary>Runs one camera where it runs already, or where the plan puts it; its status as it answers, null if it moves or did not answer.</summary>
    private async Task<CameraStatus?> RunAsync(string cameraId)
    {
        var planned = _hosts.TryGetValue(cameraId, out var host) ? host : _stopped.Contains(cameraId) ? null : Place(cameraId);
        try
        {
            var camera = GrainFactory.GetGrain<IPlannedCameraGrain>(cameraId);
            if (await PlacementHints.CallAt(planned, () => camera.RunAsync(planned)) is not { } status)
            {
                // On its way to the planned silo, which the load picture counts already.
                return null;
            }
            _costsChanged |= Observe(status);
            return status;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Its silo may be dying, or its start failed (storage): the next sweep (or the membership watcher) tries again.
            // One camera's failure must not end the sweep for the others.
            LogRunFailed(logger, cameraId, e.Message);
            return null;
        }
    }

    /// <summary>The silo where a camera's decode load per core would be lowest, counted as its host from now on; null with no silo active.</summary>
    private SiloAddress? Place(string cameraId)
    {
        var active = silos.Active();
        if (active.Count == 0)
        {
            return null;
        }
        var cost = Costs();
        var loads = _hosts.Where(host => host.Key != cameraId)
            .GroupBy(host => host.Value)
            .ToDictionary(group => group.Key, group => group.Sum(host => cost(host.Key)));
        var chosen = CameraBalancer.Place(active, loads, cost(cameraId), Random.Shared);
        _hosts[cameraId] = chosen;
        return chosen;
    }

    private async Task RebalanceAsync(CameraStatus[] statuses)
    {
        var cost = Costs();
        var running = statuses
            .Where(s => s.Silo is not null && IsRunning(s))
            .Select(s => new CameraLoad(s.Id, s.Silo!, cost(s.Id)))
            .ToList();
        foreach (var (cameraId, target) in CameraBalancer.PlanMoves(silos.Active(), running, options.Value.MaxMovesPerSweep))
        {
            LogMoving(logger, cameraId, target);
            _hosts[cameraId] = target;
            await GrainFactory.GetGrain<ICameraGrain>(cameraId).MoveToAsync(target);
        }
    }

    /// <summary>What decoding each camera costs: as last seen running, else the median of the cameras seen, else 720p at 25 fps.</summary>
    private Func<string, long> Costs()
    {
        var known = state.State.Costs;
        var sorted = known.Values.Order().ToArray();
        var unknown = sorted.Length == 0 ? DefaultCost : sorted[sorted.Length / 2];
        return cameraId => known.TryGetValue(cameraId, out var cost) ? cost : unknown;
    }

    private static bool IsRunning(CameraStatus status) => status.State is CameraState.Running or CameraState.Starting or CameraState.Reconnecting;

    /// <summary>Takes a camera's status into the plan: where it runs (if it runs), and its cost; true when a cost changed.</summary>
    private bool Observe(CameraStatus status)
    {
        if (status.Silo is { } silo && IsRunning(status))
        {
            _hosts[status.Id] = silo;
            _stopped.Remove(status.Id);
        }
        else
        {
            _hosts.Remove(status.Id);
            // Asked to run and still stopped: its operator stopped it. A failed start is planned again next time.
            if (status.State == CameraState.Stopped)
            {
                _stopped.Add(status.Id);
            }
            else
            {
                _stopped.Remove(status.Id);
            }
        }
        if (status.DecodeCost <= 0
            || (state.State.Costs.TryGetValue(status.Id, out var known) && Math.Abs(status.DecodeCost - known) <= known * CostChange))
        {
            return false;
        }
        state.State.Costs[status.Id] = status.DecodeCost;
        return true;
    }

    private HashSet<SiloAddress> ActiveSilos() => [.. silos.Active().Select(silo => silo.Silo)];

    /// <summary>Writes the costs and the active silos when either changed, or when nothing was ever written.</summary>
    private async Task WriteIfChangedAsync()
    {
        var active = ActiveSilos();
        if (state.RecordExists && !_costsChanged && active.SetEquals(state.State.Silos))
        {
            return;
        }
        // Cleared first: a camera observed while the write is on its way flags it again.
        _costsChanged = false;
        state.State.Silos = active;
        await state.WriteStateAsync();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Camera {CameraId} was not run: {Error}")]
    private static partial void LogRunFailed(ILogger logger, string cameraId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebalancing: moving camera {CameraId} to {Silo}")]
    private static partial void LogMoving(ILogger logger, string cameraId, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cold start: none of the silos last seen is left; {Cameras} cameras start once {Silos} silos are active again, or membership has been quiet for {Seconds} s")]
    private static partial void LogColdStart(ILogger logger, int cameras, int silos, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cold start: starting the cameras on {Silos} silos after {Seconds:0.0} s")]
    private static partial void LogSettled(ILogger logger, int silos, double seconds);
}
