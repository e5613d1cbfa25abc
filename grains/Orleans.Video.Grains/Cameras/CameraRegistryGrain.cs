// Over 300 lines: the camera list, the placement plan, the sweep and the cold-start gate share the plan's state.
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Video.Grains.Access;
using Orleans.Video.Grains.Cluster;
using Orleans.Video.Grains.Placement;

namespace Orleans.Video.Grains.Cameras;

/// <summary>
/// The durable list of cameras, and the plan of where they run. Adding validates, configures and starts the camera
/// grain. Every camera activation asks it where to go (<see cref="ICameraPlacement"/>), and it answers by decode cost
/// per core (<see cref="CameraBalancer"/>). A timer sweeps the cameras: activating each one restarts its decoder
/// wherever it died, and with rebalancing on, cameras move from the busiest silos to the idlest. After a full restart
/// it starts the cameras only once the silos starting with it have joined.
/// </summary>
[GrainType("cameraregistry")]
public sealed partial class CameraRegistryGrain(
    [PersistentState("registry", GrainStorageNames.Video)] IPersistentState<CameraRegistryRecord> state,
    ClusterSilos silos,
    AuditTrail audit,
    IOptions<CameraClusterOptions> options,
    ILogger<CameraRegistryGrain> logger) : Grain, ICameraRegistryGrain, ICameraPlacement
{
    /// <summary>What a camera never seen running is assumed to cost when nothing else is known: 1280x720 at 25 fps.</summary>
    private const long DefaultCost = 1280L * 720 * 25;

    /// <summary>A camera's cost is stored again when it changes by more than this share (a new resolution, not jitter).</summary>
    private const double CostChange = 0.1;

    /// <summary>Where each running camera runs, or was just placed: the load picture placement and rebalancing use.</summary>
    private readonly Dictionary<string, SiloAddress> _hosts = new(StringComparer.Ordinal);

    /// <summary>A camera's cost was observed to change since the registry's state was last written (the next sweep writes it).</summary>
    private bool _costsChanged;

    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// One state write at a time: the sweep interleaves with calls (it must never hold them up), so an add and the
    /// sweep can each be writing, and the second write of one version would be refused as stale.
    /// </summary>
    private readonly SemaphoreSlim _writing = new(1, 1);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var period = options.Value.SweepInterval;
        // The sweep is the cluster's job, not a client's: keep this activation alive to run it. It interleaves: while
        // it waits on a thousand cameras (some on a silo that is dying), adds, removes, lists and placements go on.
        this.RegisterGrainTimer(SweepAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true, Interleave = true });
        var coldStart = !silos.Active().Any(silo => state.State.Silos.Contains(silo.Silo));
        if (coldStart && options.Value.ColdStartSettle > TimeSpan.Zero)
        {
            WaitForSilosToJoin();
        }
        else
        {
            _settled.SetResult();
        }
        return Task.CompletedTask;
    }

    public async Task AddAsync(string cameraId, CameraConfig config)
    {
        if (CameraId.Validate(cameraId) is { } idError)
        {
            throw new ArgumentException(idError, nameof(cameraId));
        }
        // The rules alone, before a grain is woken for a request that cannot succeed; the camera's grain checks them
        // again with what needs the silo (the model and its labels, the source policy) before anything is stored.
        CameraConfigValidator.ThrowIfInvalid(config);
        var camera = GrainFactory.GetGrain<ICameraGrain>(cameraId);
        await camera.ConfigureAsync(config);
        if (state.State.Cameras.Add(cameraId))
        {
            await WriteAsync();
        }
        await camera.StartAsync();
        _costsChanged |= Observe(await camera.GetStatusAsync());
        await audit.RecordAsync("camera.configure", cameraId, $"source {SourceCredentials.Masked(config.Source)}, model {config.Model}, fps {config.Fps}");
    }

    public async Task<bool> RemoveAsync(string cameraId)
    {
        if (!state.State.Cameras.Contains(cameraId))
        {
            return false;
        }
        await GrainFactory.GetGrain<ICameraGrain>(cameraId).RemoveAsync();
        state.State.Cameras.Remove(cameraId);
        state.State.Costs.Remove(cameraId);
        _hosts.Remove(cameraId);
        await WriteAsync();
        await audit.RecordAsync("camera.remove", cameraId);
        return true;
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Cameras]);

    public Task<IReadOnlyList<string>> ListAsync(string? after, int limit) => Task.FromResult<IReadOnlyList<string>>(
        [.. state.State.Cameras.Where(id => after is null || string.CompareOrdinal(id, after) > 0).Take(Math.Max(limit, 0))]);

    public Task<bool> ContainsAsync(string cameraId) => Task.FromResult(state.State.Cameras.Contains(cameraId));

    /// <summary>
    /// Activating a camera grain restarts its decoder when it should be running: each camera is called, and observed
    /// as it answers, after this call returns. During a cold start's wait, the wait's end does it.
    /// </summary>
    /// <remarks>
    /// Not awaited, because a camera's activation asks this grain where to go. Right after a silo dies, two silos may
    /// each activate a registry (Orleans' directory lost the dead silo's entries); the one that loses deactivates
    /// once its calls are done, and placements queued on it wait for that. Had this call waited for the cameras, and
    /// they for their placements, each would have waited for the other until the placement gave up (25 s, seen in the
    /// failover bench).
    /// </remarks>
    public Task EnsureStartedAsync()
    {
        if (_settled.Task.IsCompleted)
        {
            foreach (var id in state.State.Cameras)
            {
                StatusAsync(id).Ignore();
            }
        }
        return Task.CompletedTask;
    }

    public async Task<SiloAddress?> PlaceAsync(string cameraId)
    {
        if (!_settled.Task.IsCompleted)
        {
            // Activations other than the registry's own (a reminder, an API call) wait too, or the first silo up would take them.
            try
            {
                await _settled.Task.WaitAsync(CameraClusterOptions.MaxColdStartSettle);
            }
            catch (TimeoutException)
            {
                // Placed on the silos there are.
            }
        }
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

    /// <summary>
    /// A cold start: checks every second whether as many silos are active as before the restart (none joining), or
    /// membership has been quiet (no change, no silo joining) for <see cref="CameraClusterOptions.ColdStartSettle"/>,
    /// or the longest wait has passed; then starts the cameras. The check interleaves: a camera add waiting for its
    /// placement must not hold it up.
    /// </summary>
    private void WaitForSilosToJoin()
    {
        var started = Stopwatch.GetTimestamp();
        var quietSince = started;
        var version = silos.Version;
        var expected = state.State.Silos.Count;
        // A new cluster has nothing to start: its first start says nothing of cold starts.
        var any = state.State.Cameras.Count > 0;
        if (any)
        {
            LogColdStart(logger, state.State.Cameras.Count, expected, options.Value.ColdStartSettle.TotalSeconds);
        }
        IGrainTimer? timer = null;
        timer = this.RegisterGrainTimer(() =>
        {
            if (silos.Version != version || silos.AnyJoining)
            {
                version = silos.Version;
                quietSince = Stopwatch.GetTimestamp();
            }
            var allBack = silos.Active().Count >= expected && !silos.AnyJoining;
            if (!allBack
                && Stopwatch.GetElapsedTime(quietSince) < options.Value.ColdStartSettle
                && Stopwatch.GetElapsedTime(started) < CameraClusterOptions.MaxColdStartSettle)
            {
                return Task.CompletedTask;
            }
            timer!.Dispose();
            if (any)
            {
                LogSettled(logger, silos.Active().Count, Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
            _settled.TrySetResult();
            this.AsReference<ICameraRegistryGrain>().EnsureStartedAsync().Ignore();
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)) { Interleave = true, KeepAlive = true });
    }

    /// <summary>What decoding each camera costs: as last seen running, else the median of the cameras seen, else 720p at 25 fps.</summary>
    private Func<string, long> Costs()
    {
        var known = state.State.Costs;
        var sorted = known.Values.Order().ToArray();
        var unknown = sorted.Length == 0 ? DefaultCost : sorted[sorted.Length / 2];
        return cameraId => known.TryGetValue(cameraId, out var cost) ? cost : unknown;
    }

    /// <summary>Takes a camera's status into the plan: where it runs (if it runs), and its cost; true when a cost changed.</summary>
    private bool Observe(CameraStatus status)
    {
        if (!state.State.Cameras.Contains(status.Id))
        {
            // Removed while the sweep was asking it (the sweep interleaves): no part of the load picture.
            _hosts.Remove(status.Id);
            return false;
        }
        if (status.Silo is { } silo && status.State is CameraState.Running or CameraState.Starting or CameraState.Reconnecting)
        {
            _hosts[status.Id] = silo;
        }
        else
        {
            _hosts.Remove(status.Id);
        }
        if (status.DecodeCost <= 0
            || (state.State.Costs.TryGetValue(status.Id, out var known) && Math.Abs(status.DecodeCost - known) <= known * CostChange))
        {
            return false;
        }
        state.State.Costs[status.Id] = status.DecodeCost;
        return true;
    }

    private async Task<CameraStatus[]> StatusesAsync()
    {
        // Membership first: a camera on a silo cut off holds its answer until the membership decides.
        if (!ActiveSilos().SetEquals(state.State.Silos))
        {
            await WriteAsync();
        }
        var statuses = (await Task.WhenAll(state.State.Cameras.Select(StatusAsync))).OfType<CameraStatus>().ToArray();
        if (_costsChanged)
        {
            // Cleared first: a camera observed while the write is on its way flags it again.
            _costsChanged = false;
            await WriteAsync();
        }
        return statuses;
    }

    /// <summary>A camera's status, observed as it answers (the cameras placed meanwhile see the load picture so far); null if it did not.</summary>
    private async Task<CameraStatus?> StatusAsync(string cameraId)
    {
        try
        {
            var status = await GrainFactory.GetGrain<ICameraGrain>(cameraId).GetStatusAsync();
            _costsChanged |= Observe(status);
            return status;
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // Its silo may be dying; the next sweep (or the membership watcher) tries again.
            LogSweepFailed(logger, cameraId, e.Message);
            return null;
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        if (!_settled.Task.IsCompleted)
        {
            return;
        }
        CameraMetrics.Sweeps.Add(1, new KeyValuePair<string, object?>("stage", "started"));
        var statuses = await StatusesAsync();
        if (options.Value.Rebalance)
        {
            await RebalanceAsync(statuses);
        }
        CameraMetrics.Sweeps.Add(1, new KeyValuePair<string, object?>("stage", "completed"));
    }

    private async Task RebalanceAsync(CameraStatus[] statuses)
    {
        var cost = Costs();
        var running = statuses
            .Where(s => s.Silo is not null && s.State is CameraState.Running or CameraState.Starting or CameraState.Reconnecting)
            .Select(s => new CameraLoad(s.Id, s.Silo!, cost(s.Id)))
            .ToList();
        var moves = CameraBalancer.PlanMoves(silos.Active(), running, options.Value.MaxMovesPerSweep);
        foreach (var (cameraId, target) in moves)
        {
            LogMoving(logger, cameraId, target);
            _hosts[cameraId] = target;
            await GrainFactory.GetGrain<ICameraGrain>(cameraId).MoveToAsync(target);
        }
    }

    private HashSet<SiloAddress> ActiveSilos() => [.. silos.Active().Select(silo => silo.Silo)];

    private async Task WriteAsync()
    {
        await _writing.WaitAsync();
        try
        {
            // Every write says which silos are active: a registry that moves to another silo after a death (its own
            // silo's) must not take the cluster for a cold start because its first sweep had not written them yet.
            state.State.Silos = ActiveSilos();
            await state.WriteStateAsync();
        }
        finally
        {
            _writing.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sweep: camera {CameraId} did not answer: {Error}")]
    private static partial void LogSweepFailed(ILogger logger, string cameraId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebalancing: moving camera {CameraId} to {Silo}")]
    private static partial void LogMoving(ILogger logger, string cameraId, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cold start: none of the silos last seen is left; {Cameras} cameras start once {Silos} silos are active again, or membership has been quiet for {Seconds} s")]
    private static partial void LogColdStart(ILogger logger, int cameras, int silos, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cold start: starting the cameras on {Silos} silos after {Seconds:0.0} s")]
    private static partial void LogSettled(ILogger logger, int silos, double seconds);
}
