// Over 300 lines on purpose: every decision about one camera's life (configure, start, stop, move, remove, the
// keep-alive, the calls its run makes back) is a turn of this grain, and they must be read together to see that none
// interleaves with another. The work of a running camera is in CameraRun and its parts, not here.
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using Orleans.Video.Analytics;
using Orleans.Video.Grains.Cluster;
using Orleans.Video.Grains.Delivery;
using Orleans.Video.Grains.Events;
using Orleans.Video.Grains.Live;
using Orleans.Video.Grains.Notifications;
using Orleans.Video.Grains.Placement;
using Orleans.Video.Grains.Recordings;
using Orleans.Video.Inference;
using Orleans.Video.Media;
using Orleans.Video.Sources;

namespace Orleans.Video.Grains.Cameras;

/// <summary>
/// One camera: its configuration, whether it runs, and its lifecycle across silos. The work of a running camera is
/// a <see cref="CameraRun"/> (decoder, publishing, acknowledgements, snapshots, events); its events reach storage
/// through a <see cref="RetryingSender{T}"/>. Work comes into the grain only as grain calls (the decoder thread's
/// <see cref="ILocalCameraGrain"/>, inference's acknowledgements) and its own timer, so nothing interleaves with a
/// reconfiguration or a stop. An activation does not start its decoder by itself: the planner runs it on the silo
/// its plan says (<see cref="IPlannedCameraGrain.RunAsync"/>, <see cref="CameraPlannerGrain"/>), so decoders spread
/// over the cluster by what they cost, and an activation that a read woke elsewhere moves there first.
/// </summary>
[CameraPlacement]
[GrainType("camera")]
public sealed partial class CameraGrain(
    [PersistentState("camera", GrainStorageNames.Video)] IPersistentState<CameraRecord> state,
    IModelCatalog models,
    VideoDecoder decoder,
    GpuSilos gpuSilos,
    LocalCameras localCameras,
    SourcePolicy sources,
    Notifier notifier,
    ILocalSiloDetails silo,
    ClusterSilos clusterSilos,
    IOptions<PipelineOptions> options,
    IOptions<CameraClusterOptions> clusterOptions,
    IOptions<TrackerOptions> trackerOptions,
    IOptions<EventOptions> eventOptions,
    IOptions<MediaStorageOptions> storage,
    TimeProvider clock,
    ILogger<CameraGrain> logger) : Grain, ICameraGrain, ILocalCameraGrain, IPlannedCameraGrain, IRemindable, IGrainMigrationParticipant
{
    /// <summary>Brings the camera back after its silo died; Orleans' minimum reminder period is a minute.</summary>
    private const string KeepAliveReminder = "keep-alive";
    private static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan HousekeepingPeriod = TimeSpan.FromSeconds(2);

    /// <summary>How long after a call woke it an enabled camera that nothing ran tells the planner.</summary>
    private static readonly TimeSpan NotRunningDelay = TimeSpan.FromSeconds(1);

    /// <summary>The migration context's key for "run at once": the activation that moved was running, or was asked to run.</summary>
    private const string RunAfterMoveKey = "run";

    /// <summary>
    /// Track numbers are reserved this many at a time (a state write each), and again when fewer than half are left:
    /// a restart skips at most this many.
    /// </summary>
    private const long TrackNumberBlock = 100;

    /// <summary>Open events' last sightings are stored every this many housekeeping ticks (10 s).</summary>
    private const int SightingsEveryTicks = 5;

    private CameraRun? _run;
    private string? _startError;
    /// <summary>Event updates on their way to the event log, at most this many waiting while it cannot take them.</summary>
    private const int MaxEventUpdatesWaiting = 10_000;

    private RetryingSender<EventUpdate> _recorder = null!;
    private ILocalCameraGrain _self = null!;
    private IGrainTimer? _housekeeping;
    private LiveFanout _live = null!;
    private CameraStateReporter _states = null!;
    private long _housekeepingTicks;

    /// <summary>1 while a <see cref="ILocalCameraGrain.PublishFramesAsync"/> call is queued: the decoder sends at most one.</summary>
    private int _publishRequested;

    /// <summary>This activation is moving to another silo, where the next one runs at once (<see cref="OnDehydrate"/>).</summary>
    private bool _runAfterMove;

    /// <summary>This activation is the one a move made to run here (<see cref="OnRehydrate"/>).</summary>
    private bool _movedToRun;

    /// <summary>The keep-alive told the planner that this camera is not running, and nothing has run it since.</summary>
    private bool _plannerTold;

    private string Id => this.GetPrimaryKeyString();

    private IEventLogGrain EventLog => GrainFactory.GetGrain<IEventLogGrain>(Id);

    private ICameraPlannerGrain Planner => GrainFactory.GetGrain<ICameraPlannerGrain>(ICameraRegistryGrain.Key);

    private bool ShouldRun => state.State is { Enabled: true, Config: not null } && _run is null && !localCameras.Leaving;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _self = this.AsReference<ILocalCameraGrain>();
        _recorder = new RetryingSender<EventUpdate>(EventLog.RecordAsync, MaxEventUpdatesWaiting, Id, "event updates", clock, logger);
        _live = new LiveFanout(Id, clock, logger);
        _states = new CameraStateReporter(Id, notifier, clock);
        // Activating runs in the first call's request context: a planner's hint placed this activation, not its calls.
        PlacementHints.Drop();
        localCameras.Add(Id);
        // A silo on its way out starts no decoder: another silo resumes the camera.
        if (!ShouldRun)
        {
            return;
        }
        if (_movedToRun)
        {
            await StartRunAsync();
            return;
        }
        // Woken by a call, not by a move. If the planner made this activation, its call comes next and runs it; if not (a
        // read, an acknowledgement, the keep-alive), the planner hears of it in a moment and runs it where its plan says.
        this.RegisterGrainTimer(TellPlannerIfNotRunning, new GrainTimerCreationOptions(NotRunningDelay, Timeout.InfiniteTimeSpan));
    }

    public void OnDehydrate(IDehydrationContext dehydrationContext) => dehydrationContext.TryAddValue(RunAfterMoveKey, _runAfterMove);

    public void OnRehydrate(IRehydrationContext rehydrationContext) =>
        _movedToRun = rehydrationContext.TryGetValue(RunAfterMoveKey, out bool run) && run;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await StopRunAsync();
        _live.Close();
        localCameras.Remove(Id);
    }

    public async Task ConfigureAsync(CameraConfig config)
    {
        // The registry's placement hint placed this activation; the grains a restart calls place themselves.
        PlacementHints.Drop();
        CameraConfigValidator.ThrowIfInvalid(config);
        if (!models.Contains(config.Model))
        {
            throw new ArgumentException($"model '{config.Model}' is not in the model catalog (known: {string.Join(", ", models.Names)})", nameof(config));
        }
        if (TrackedLabels.Errors(config.Model, ModelLabels.Of(models.Get(config.Model)), config.Filter, config.Zones, config.Alerts) is { Count: > 0 } labelErrors)
        {
            throw new ArgumentException(string.Join("; ", labelErrors), nameof(config));
        }
        if (await sources.CheckAsync(config.Source) is { } refused)
        {
            throw new ArgumentException($"source refused: {refused}", nameof(config));
        }
        if (config.RecordSource is { } recordSource && await sources.CheckAsync(recordSource) is { } recordRefused)
        {
            throw new ArgumentException($"recordSource refused: {recordRefused}", nameof(config));
        }
        if (config == state.State.Config)
        {
            return;
        }
        state.State.Config = config;
        await state.WriteStateAsync();
        if (_run is not null)
        {
            await StopRunAsync();
            await StartRunAsync();
        }
    }

    public async Task StartAsync()
    {
        if (state.State.Config is null)
        {
            throw new InvalidOperationException($"camera '{Id}' has no configuration");
        }
        if (!state.State.Enabled)
        {
            state.State.Enabled = true;
            await state.WriteStateAsync();
        }
        await this.RegisterOrUpdateReminder(KeepAliveReminder, KeepAlivePeriod, KeepAlivePeriod);
        if (!ShouldRun)
        {
            return;
        }
        // Started again after a stop, this activation may be wherever a read woke it: it runs where the planner says.
        await RunHereOrMoveAsync(await PlannedSiloAsync());
    }

    /// <summary>Where the planner puts this camera; null when it cannot say (it runs here then).</summary>
    private async Task<SiloAddress?> PlannedSiloAsync()
    {
        try
        {
            return await Planner.PlanAsync(Id);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            LogNotPlanned(logger, Id, e.Message);
            return null;
        }
    }

    public async Task StopAsync()
    {
        await StopRunAsync();
        if (state.State.Enabled)
        {
            state.State.Enabled = false;
            await state.WriteStateAsync();
        }
        ForgetKeepAlive();
    }

    public async Task RemoveAsync()
    {
        await StopRunAsync();
        // Keep the generation: a camera added again under this id must not reuse sequences its old detections hold.
        state.State.Config = null;
        state.State.Enabled = false;
        await state.WriteStateAsync();
        ForgetKeepAlive();
        DeactivateOnIdle();
    }

    /// <summary>
    /// Unregisters the keep-alive reminder without making the caller wait: the reminder service for this camera may be
    /// on a silo that has stopped answering (its calls wait 30 s), and a reminder that fires for a camera no longer
    /// enabled unregisters itself anyway (<see cref="ReceiveReminder"/>).
    /// </summary>
    private void ForgetKeepAlive() => UnregisterKeepAliveAsync().Ignore();

    public Task<CameraConfig?> GetConfigAsync() => Task.FromResult(state.State.Config);

    public Task<CameraStatus> GetStatusAsync()
    {
        var run = _run;
        var pipeline = run?.Pipeline;
        var config = state.State.Config;
        return Task.FromResult(new CameraStatus
        {
            Id = Id,
            State = pipeline?.State ?? (_startError is null ? CameraState.Stopped : CameraState.Failed),
            Source = config?.Source,
            Model = config?.Model,
            Fps = config?.Fps ?? 0,
            Zones = config is null ? [] : [.. config.ZoneList.Select(zone => zone.Name)],
            RecordMode = config?.Recording.Mode ?? RecordMode.Off,
            FramesDecoded = pipeline?.FramesDecoded ?? 0,
            FramesPublished = run?.FramesPublished ?? 0,
            FrameBytesPerSecond = run?.FrameBytesPerSecond ?? 0,
            InferenceHost = run?.InferenceHost,
            DecodeCost = pipeline?.DecodeCost ?? 0,
            FramesDropped = pipeline?.FramesDropped ?? 0,
            FramesWithoutMotion = pipeline?.FramesWithoutMotion ?? 0,
            FramesProcessed = run?.FramesProcessed ?? 0,
            Reconnects = pipeline?.Reconnects ?? 0,
            // ffmpeg's errors name the URL it opened, password and all: statuses reach every key and the logs.
            LastError = SourceCredentials.MaskedTextOrNull(run?.LastError ?? _startError),
            Host = RuntimeIdentity,
            Silo = silo.SiloAddress,
            LastFrameAt = pipeline?.LastFrameAt,
            TrackedObjects = run?.TrackedObjects ?? 0,
            SourceWidth = pipeline?.Letterbox?.SourceWidth ?? 0,
            SourceHeight = pipeline?.Letterbox?.SourceHeight ?? 0,
            Recording = pipeline?.Recording?.Active ?? false,
            RecordingError = SourceCredentials.MaskedTextOrNull(pipeline?.Recording?.Error ?? pipeline?.RecordSourceError),
            Warning = SourceCredentials.MaskedTextOrNull(pipeline?.Warning),
        });
    }

    public async Task MoveToAsync(SiloAddress target)
    {
        if (target == silo.SiloAddress)
        {
            return;
        }
        // Stop the decoder before the new activation starts its own: never two publishers for one camera.
        await StopRunAsync();
        MoveToRun(target);
    }

    public async Task<CameraStatus?> RunAsync(SiloAddress? planned)
    {
        // The planner's placement hint placed this activation; the grains a run calls place themselves.
        PlacementHints.Drop();
        if (localCameras.Leaving)
        {
            // Another silo runs it: the planner's next run (membership calls it when this silo has left) puts it there.
            return null;
        }
        if (ShouldRun && await RunHereOrMoveAsync(planned))
        {
            return null;
        }
        return await GetStatusAsync();
    }

    /// <summary>Moves to <paramref name="planned"/> to run there (true), or runs here (false).</summary>
    private async Task<bool> RunHereOrMoveAsync(SiloAddress? planned)
    {
        // A planned silo this one cannot place on (it has just joined, or left since the plan) would refuse the move,
        // and a refused move still ends this activation: run here, and let the planner move it later.
        if (planned is not null && planned != silo.SiloAddress && clusterSilos.CanPlaceOn(planned))
        {
            MoveToRun(planned);
            return true;
        }
        await StartRunAsync();
        return false;
    }

    /// <summary>Moves this activation to <paramref name="target"/>, where the next activation runs at once if the camera is enabled.</summary>
    private void MoveToRun(SiloAddress target)
    {
        _runAfterMove = state.State.Enabled;
        RequestContext.Set(IPlacementDirector.PlacementHintKey, target);
        MigrateOnIdle();
        // The migration took the hint with it; the rest of this turn's calls place their grains by their own rules.
        PlacementHints.Drop();
        LogMoving(logger, Id, target);
    }

    private Task TellPlannerIfNotRunning()
    {
        if (ShouldRun)
        {
            Planner.NotRunningAsync(Id).Ignore();
        }
        return Task.CompletedTask;
    }

    public Task<string?> WatchLiveAsync(ILiveViewer viewer)
    {
        _live.Watch(viewer);
        return Task.FromResult(_run is { } run ? run.Pipeline.LiveError : "the camera is not running");
    }

    public Task UnwatchLiveAsync(ILiveViewer viewer)
    {
        _live.Unwatch(viewer);
        return Task.CompletedTask;
    }

    public Task<byte[]?> GetSnapshotAsync() => Task.FromResult(_run?.Snapshots.RenderJpeg());

    public Task FrameProcessedAsync(long sequence, IReadOnlyList<Detection>? detections, string? error = null)
    {
        if (_run is not { } run)
        {
            return Task.CompletedTask;
        }
        // Storage is not on this path: the recorder sends the updates after this call has returned.
        RecordEvents(run, run.Complete(sequence, detections, error));
        run.PublishPending();
        return Task.CompletedTask;
    }

    public Task PublishFramesAsync()
    {
        // Cleared first: a frame offered from here on asks again, so none waits for the next acknowledgement.
        Volatile.Write(ref _publishRequested, 0);
        _run?.PublishPending();
        return Task.CompletedTask;
    }

    public async Task<int> LeaveSiloAsync()
    {
        var ended = await StopRunAsync();
        DeactivateOnIdle();
        return ended;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != KeepAliveReminder)
        {
            return;
        }
        if (!state.State.Enabled)
        {
            await UnregisterKeepAliveAsync();
        }
        else if (ShouldRun && !_plannerTold)
        {
            _plannerTold = true;
            Planner.NotRunningAsync(Id).Ignore();
        }
        else if (ShouldRun)
        {
            // A whole period and the planner has not run it (it cannot be reached, or its answer was lost): run here.
            LogRunWithoutPlanner(logger, Id);
            await StartRunAsync();
        }
    }

    private async Task StartRunAsync()
    {
        var config = state.State.Config!;
        _startError = null;
        _plannerTold = false;
        ModelDefinition model;
        try
        {
            model = models.Get(config.Model);
        }
        catch (ArgumentException e)
        {
            _startError = e.Message;
            await _states.ReportAsync(CameraState.Failed, _startError);
            return;
        }

        state.State.Generation++;
        var firstNumber = state.State.TrackNumbers + 1;
        state.State.TrackNumbers += TrackNumberBlock;
        await state.WriteStateAsync();
        var inference = GrainFactory.GetGrain<IInferenceGrain>(Id);
        var generation = state.State.Generation;
        var recording = config.Recording.Enabled ? new CameraRecording(Id, storage.Value, clock) : null;
        var pipeline = new CameraPipeline(
            Id, config, new PipelineModel(config.Model, model.InputWidth, model.InputHeight),
            generation, decoder, options.Value, RequestPublish, logger, recording, _live.Publish);
        _run = new CameraRun(
            // The run's frames carry the filter with the default labels put in for this model (the stored configuration
            // keeps what the operator wrote, so a later model with other labels gets its own default).
            Id, config with { Filter = TrackedLabels.Resolve(config.Filter, ModelLabels.Of(model)) }, pipeline,
            new SnapshotKeeper(config.ZoneList),
            new CameraEvents(Id, config, generation, trackerOptions.Value, eventOptions.Value, model.EventScore, firstNumber),
            inference, () => clusterOptions.Value.RequireGpu && !gpuSilos.AnyActive(), RuntimeIdentity, clock, logger)
        {
            Recorder = recording is null ? null : new CameraRecorder(
                Id, config.Recording, recording, GrainFactory.GetGrain<IRecordingLogGrain>(Id), storage.Value, clock, logger),
        };
        // ffmpeg starts now, and its first frame takes a while: the calls below are made meanwhile (a failover's restart
        // is that much shorter). Nothing reaches inference or the event log before they return: frames are published,
        // and results taken, by calls to this grain, which wait for this one.
        var run = _run;
        Untraced.Start(run.Start);
        var warm = WarmInferenceAsync(inference);
        // Events a previous decoder left open (its silo died) end now: their objects are no longer followed.
        await CloseOpenEventsAsync();
        run.InferenceHost = await warm;
        _housekeeping ??= Untraced.Start(() => this.RegisterGrainTimer(Housekeeping, new GrainTimerCreationOptions(HousekeepingPeriod, HousekeepingPeriod)
        {
            // A running camera is busy even when nobody calls it: do not let idle collection stop its decoder.
            KeepAlive = true,
        }));
        await _states.ReportAsync(run.Pipeline.State, run.LastError);
        LogStarted(logger, Id, SourceCredentials.Masked(config.Source), generation);
    }

    /// <summary>Called on the decoder thread when a frame waits in the gate: asks the grain, by a call, to publish.</summary>
    private void RequestPublish()
    {
        if (Interlocked.Exchange(ref _publishRequested, 1) == 0)
        {
            _self.PublishFramesAsync().Ignore();
        }
    }

    /// <summary>
    /// Activates the camera's inference grain from this silo, so its placement prefers this silo when it is a GPU
    /// silo (frames then never cross the network). Returns the silo it runs on. A failure is not fatal: the first
    /// frame activates it anyway.
    /// </summary>
    private async Task<string?> WarmInferenceAsync(IInferenceGrain inference)
    {
        try
        {
            return (await inference.GetStatsAsync()).Host;
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            LogInferenceNotReady(logger, Id, e.Message);
            return null;
        }
    }

    private async Task FindInferenceAsync(CameraRun run) => run.InferenceHost = await WarmInferenceAsync(run.Inference) ?? run.InferenceHost;

    /// <summary>Stops the decoder and ends the open events, in storage too; returns how many it ended.</summary>
    private async Task<int> StopRunAsync()
    {
        _housekeeping?.Dispose();
        _housekeeping = null;
        CameraMetrics.SetRecording(Id, null);
        var ended = 0;
        if (_run is { } run)
        {
            _run = null;
            var updates = await run.StopAsync();
            ended = updates.Count;
            _recorder.Add(updates);
        }
        // A stopped camera has no event left open, in storage too, before the call that stopped it returns.
        await _recorder.FlushAsync();
        await _states.ReportAsync(CameraState.Stopped, null);
        return ended;
    }

    /// <summary>Event updates go to storage, and to the recording, where in events mode they decide what is kept.</summary>
    private void RecordEvents(CameraRun run, IReadOnlyList<EventUpdate> updates)
    {
        run.Recorder?.Observe(updates);
        _recorder.Add(updates);
    }

    private async Task CloseOpenEventsAsync()
    {
        try
        {
            await EventLog.CloseOpenAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogOpenEventsNotClosed(logger, Id, e.Message);
        }
    }

    private async Task UnregisterKeepAliveAsync()
    {
        if (await this.GetReminder(KeepAliveReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task Housekeeping(CancellationToken cancellationToken)
    {
        if (_run is not { } run)
        {
            return;
        }
        run.ExpireAcknowledgements(options.Value.AckTimeout);
        run.MeasureFrameBytes();
        // Every few seconds, store how far open events have got: after a silo death they end about there; and see
        // where inference runs now (it moves when its silo dies), which says whether frames cross the network.
        if (++_housekeepingTicks % SightingsEveryTicks == 0)
        {
            RecordEvents(run, run.TakeSightings());
            // Not awaited: a call to a silo that has just died would hold up the acknowledgements behind it.
            FindInferenceAsync(run).Ignore();
        }
        RecordEvents(run, run.EndEventsIfSourceIsDown());
        CameraMetrics.SetRecording(Id, run.Recorder is null ? null : run.Pipeline.Recording?.Active == true);
        await run.RecordAsync();
        await _states.ReportAsync(run.Pipeline.State, run.LastError);
        // Publishes what expired acknowledgements freed room for, and clears the request flag too: a one-way request
        // that never arrived (sent as the activation moved) would otherwise leave it set, and the decoder silent.
        await PublishFramesAsync();
        await ReserveTrackNumbersAsync(run);
    }

    /// <summary>Reserves more track numbers while the run still has half a block left (see <see cref="TrackNumberBlock"/>).</summary>
    private async Task ReserveTrackNumbersAsync(CameraRun run)
    {
        if (run.NextTrackNumber + TrackNumberBlock / 2 <= state.State.TrackNumbers)
        {
            return;
        }
        state.State.TrackNumbers = run.NextTrackNumber - 1 + TrackNumberBlock;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next start writes it (with its generation); until then a crash may hand out a few numbers again.
            LogTrackNumbersNotReserved(logger, Id, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: track numbers not reserved: {Error}")]
    private static partial void LogTrackNumbersNotReserved(ILogger logger, string cameraId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {CameraId} started: {Source} (generation {Generation})")]
    private static partial void LogStarted(ILogger logger, string cameraId, string source, int generation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: the camera planner did not run it within a minute of being told; running it here")]
    private static partial void LogRunWithoutPlanner(ILogger logger, string cameraId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: the camera planner did not answer ({Error}); starting it here")]
    private static partial void LogNotPlanned(ILogger logger, string cameraId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {CameraId} moving to {Silo}")]
    private static partial void LogMoving(ILogger logger, string cameraId, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: inference grain not ready: {Error}")]
    private static partial void LogInferenceNotReady(ILogger logger, string cameraId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: open events not closed: {Error}")]
    private static partial void LogOpenEventsNotClosed(ILogger logger, string cameraId, string error);
}
