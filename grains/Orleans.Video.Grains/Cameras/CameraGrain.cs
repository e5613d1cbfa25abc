using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using Orleans.Streams;
using Orleans.Video.Analytics;
using Orleans.Video.Grains.Cluster;
using Orleans.Video.Grains.Events;
using Orleans.Video.Grains.Inference;
using Orleans.Video.Grains.Placement;
using Orleans.Video.Inference;
using Orleans.Video.Media;

namespace Orleans.Video.Grains.Cameras;

/// <summary>
/// One camera. Owns its decoder (<see cref="CameraPipeline"/>, running off the grain scheduler) and publishes
/// the frames it samples on the camera's frame stream, never more than the gate lets through. Cameras go to
/// the silo with the fewest activations, so decoders spread over the cluster.
/// </summary>
[ActivationCountBasedPlacement]
[GrainType("camera")]
public sealed partial class CameraGrain(
    [PersistentState("camera", GrainStorageNames.Video)] IPersistentState<CameraRecord> state,
    IModelCatalog models,
    VideoDecoder decoder,
    GpuSilos gpuSilos,
    LocalFrames localFrames,
    SourcePolicy sources,
    ILocalSiloDetails silo,
    IOptions<PipelineOptions> options,
    IOptions<CameraClusterOptions> clusterOptions,
    IOptions<TrackerOptions> trackerOptions,
    ILogger<CameraGrain> logger) : Grain, ICameraGrain, IRemindable
{
    /// <summary>Brings the camera back after its silo died; Orleans' minimum reminder period is a minute.</summary>
    private const string KeepAliveReminder = "keep-alive";
    private const string WaitingForGpu = "waiting for a GPU silo (Cameras:RequireGpu is set and no active silo advertises gpu=true)";
    private static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan HousekeepingPeriod = TimeSpan.FromSeconds(2);

    /// <summary>Open events' last sightings are stored every this many housekeeping ticks (10 s).</summary>
    private const int SightingsEveryTicks = 5;

    private IAsyncStream<FramePacket> _frames = null!;
    private TaskScheduler _scheduler = null!;
    private CameraPipeline? _pipeline;
    private SnapshotKeeper? _snapshots;
    private CameraEvents? _events;
    private IGrainTimer? _housekeeping;
    private long _housekeepingTicks;
    private int _publishScheduled;
    private long _published;
    private long _processed;
    private string? _error;
    private string? _inferenceError;
    private bool _waitingForGpu;

    /// <summary>The camera's inference grain runs on this silo: frames go through <see cref="LocalFrames"/>, not the serializer.</summary>
    private bool _handOverLocally;

    private string Id => this.GetPrimaryKeyString();

    private IEventLogGrain EventLog => GrainFactory.GetGrain<IEventLogGrain>(Id);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _frames = this.GetStreamProvider(StreamNames.Provider).GetStream<FramePacket>(StreamId.Create(StreamNames.Frames, Id));
        // Work scheduled on this scheduler from the decoder thread runs as a turn of this activation.
        _scheduler = TaskScheduler.Current;
        if (state.State is { Enabled: true, Config: not null })
        {
            await StartPipelineAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        await StopPipelineAsync();

    public async Task ConfigureAsync(CameraConfig config)
    {
        CameraConfigValidator.ThrowIfInvalid(config);
        if (!models.Contains(config.Model))
        {
            throw new ArgumentException($"model '{config.Model}' is not in the model catalog (known: {string.Join(", ", models.Names)})", nameof(config));
        }
        if (await sources.CheckAsync(config.Source) is { } refused)
        {
            throw new ArgumentException($"source refused: {refused}", nameof(config));
        }
        if (config == state.State.Config)
        {
            return;
        }
        state.State.Config = config;
        await state.WriteStateAsync();
        if (_pipeline is not null)
        {
            await StopPipelineAsync();
            await StartPipelineAsync();
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
        if (_pipeline is null)
        {
            await StartPipelineAsync();
        }
    }

    public async Task StopAsync()
    {
        await StopPipelineAsync();
        if (state.State.Enabled)
        {
            state.State.Enabled = false;
            await state.WriteStateAsync();
        }
        await UnregisterKeepAliveAsync();
    }

    public async Task RemoveAsync()
    {
        await StopPipelineAsync();
        await UnregisterKeepAliveAsync();
        // Keep the generation: a camera added again under this id must not reuse sequences its old detections hold.
        state.State.Config = null;
        state.State.Enabled = false;
        await state.WriteStateAsync();
        DeactivateOnIdle();
    }

    public Task<CameraStatus> GetStatusAsync()
    {
        var pipeline = _pipeline;
        return Task.FromResult(new CameraStatus
        {
            Id = Id,
            State = pipeline?.State ?? (_error is null ? CameraState.Stopped : CameraState.Failed),
            Config = state.State.Config,
            FramesDecoded = pipeline?.FramesDecoded ?? 0,
            FramesPublished = _published,
            FramesDropped = pipeline?.FramesDropped ?? 0,
            FramesWithoutMotion = pipeline?.FramesWithoutMotion ?? 0,
            FramesProcessed = _processed,
            Reconnects = pipeline?.Reconnects ?? 0,
            LastError = _waitingForGpu ? WaitingForGpu : _inferenceError ?? pipeline?.LastError ?? _error,
            Host = RuntimeIdentity,
            Silo = silo.SiloAddress,
            LastFrameAt = pipeline?.LastFrameAt,
            TrackedObjects = _events?.TrackedObjects ?? 0,
            SourceWidth = pipeline?.Letterbox?.SourceWidth ?? 0,
            SourceHeight = pipeline?.Letterbox?.SourceHeight ?? 0,
        });
    }

    public async Task MoveToAsync(SiloAddress target)
    {
        if (target == silo.SiloAddress)
        {
            return;
        }
        // Stop the decoder before the new activation starts its own: never two publishers for one camera.
        await StopPipelineAsync();
        RequestContext.Set(IPlacementDirector.PlacementHintKey, target);
        MigrateOnIdle();
        LogMoving(logger, Id, target);
    }

    public Task<byte[]?> GetSnapshotAsync() => Task.FromResult(_snapshots?.RenderJpeg());

    public async Task FrameProcessedAsync(long sequence, IReadOnlyList<Detection>? detections, string? error = null)
    {
        if (error == FramePacket.NotLocal)
        {
            // The inference grain is elsewhere now (its silo died or it moved): send whole frames from here on.
            _handOverLocally = false;
            error = null;
        }
        if (_pipeline is { } pipeline && pipeline.Gate.Complete(sequence))
        {
            _processed++;
            var captured = detections is null ? null : _snapshots?.Complete(sequence, detections);
            // The last inference outcome shows on the camera: a bad model is the camera's problem to report.
            _inferenceError = error is null ? null : $"inference failed: {error}";
            SchedulePublish();
            if (captured is var (timestamp, sourceTime) && _events is { } events && _snapshots is { } snapshots)
            {
                var updates = events.Observe(timestamp, sourceTime, sequence, detections!, snapshots);
                pipeline.Tracking = events.Following;
                await RecordEventsAsync(updates);
            }
        }
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
        else if (_pipeline is null && state.State.Config is not null)
        {
            await StartPipelineAsync();
        }
    }

    private async Task StartPipelineAsync()
    {
        var config = state.State.Config!;
        _error = null;
        ModelDefinition model;
        try
        {
            model = models.Get(config.Model);
        }
        catch (ArgumentException e)
        {
            _error = e.Message;
            return;
        }

        state.State.Generation++;
        await state.WriteStateAsync();
        await WarmInferenceAsync();
        // Events a previous decoder left open (its silo died) end now: their objects are no longer followed.
        await CloseOpenEventsAsync();
        _events = new CameraEvents(Id, config, state.State.Generation, trackerOptions.Value);
        var pipeline = new CameraPipeline(
            Id, config, new PipelineModel(config.Model, model.InputWidth, model.InputHeight),
            state.State.Generation, decoder, options.Value, SchedulePublish, logger);
        _pipeline = pipeline;
        _snapshots = new SnapshotKeeper(options.Value.MaxInFlight + 1, config.ZoneList);
        pipeline.Start();
        _housekeeping ??= this.RegisterGrainTimer(Housekeeping, new GrainTimerCreationOptions(HousekeepingPeriod, HousekeepingPeriod)
        {
            // A running camera is busy even when nobody calls it: do not let idle collection stop its decoder.
            KeepAlive = true,
        });
        LogStarted(logger, Id, config.Source, state.State.Generation);
    }

    /// <summary>
    /// Activates the camera's inference grain from this silo, so its placement prefers this silo when it is a
    /// GPU silo (frames then never cross the network). A failure here is not fatal: frames activate it anyway.
    /// </summary>
    private async Task WarmInferenceAsync()
    {
        try
        {
            _handOverLocally = (await GrainFactory.GetGrain<IInferenceGrain>(Id).GetStatsAsync()).Host == RuntimeIdentity;
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            LogInferenceNotReady(logger, Id, e.Message);
        }
    }

    private async Task StopPipelineAsync()
    {
        _housekeeping?.Dispose();
        _housekeeping = null;
        if (_pipeline is { } pipeline)
        {
            _pipeline = null;
            await pipeline.DisposeAsync();
        }
        if (_events is { } events)
        {
            _events = null;
            await RecordEventsAsync(events.Stop());
        }
    }

    private async Task RecordEventsAsync(IReadOnlyList<EventUpdate> updates)
    {
        if (updates.Count == 0)
        {
            return;
        }
        try
        {
            await EventLog.RecordAsync(updates);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Storage trouble must not stop the camera; the event log closes what stays open at the next start.
            LogEventsNotRecorded(logger, Id, updates.Count, e.Message);
        }
    }

    private async Task CloseOpenEventsAsync()
    {
        try
        {
            await EventLog.CloseOpenAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogEventsNotRecorded(logger, Id, 0, e.Message);
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
        if (_pipeline is { } pipeline)
        {
            var expired = pipeline.Gate.Expire(DateTimeOffset.UtcNow, options.Value.AckTimeout);
            if (expired > 0)
            {
                pipeline.CountDropped(expired);
                SchedulePublish();
            }
            // Every few seconds, store how far open events have got: after a silo death they end about there.
            if (++_housekeepingTicks % SightingsEveryTicks == 0 && _events is { } open)
            {
                await RecordEventsAsync(open.TakeSightings());
            }
            // A file that ended or a source that is down shows nothing more: what was being followed is gone.
            if (pipeline.State is CameraState.Stopped or CameraState.Failed or CameraState.Reconnecting
                && pipeline.Gate.InFlight == 0 && _events is { Following: true } events)
            {
                pipeline.Tracking = false;
                await RecordEventsAsync(events.Stop());
            }
        }
    }

    /// <summary>Called from the decoder thread and from grain turns; at most one publish loop is queued at a time.</summary>
    private void SchedulePublish()
    {
        if (Interlocked.Exchange(ref _publishScheduled, 1) == 0)
        {
            Task.Factory.StartNew(PublishPendingAsync, CancellationToken.None, TaskCreationOptions.None, _scheduler).Unwrap().Ignore();
        }
    }

    private async Task PublishPendingAsync()
    {
        var pipeline = _pipeline;
        try
        {
            while (pipeline is not null && pipeline == _pipeline && pipeline.Gate.TryTake(DateTimeOffset.UtcNow, out var frame))
            {
                _waitingForGpu = clusterOptions.Value.RequireGpu && !gpuSilos.AnyActive();
                if (_waitingForGpu)
                {
                    pipeline.Gate.Complete(frame.Sequence);
                    pipeline.CountDropped(1);
                    pipeline.Return(frame);
                    continue;
                }
                // Handed over in-process, the buffer belongs to the frame exchange until inference gives it back.
                long? handle = _handOverLocally ? localFrames.Put(frame.Planes, pipeline.Return) : null;
                try
                {
                    _snapshots?.Capture(frame.Sequence, frame.Planes, frame.Letterbox, frame.Timestamp, frame.SourceTime);
                    await _frames.OnNextAsync(new FramePacket
                    {
                        CameraId = Id,
                        Sequence = frame.Sequence,
                        Timestamp = frame.Timestamp,
                        SourceTime = frame.SourceTime,
                        Model = state.State.Config!.Model,
                        Letterbox = frame.Letterbox,
                        Planes = handle is null ? frame.Planes : [],
                        LocalHandle = handle,
                        Filter = state.State.Config!.Filter,
                    });
                    _published++;
                }
                catch (Exception e)
                {
                    pipeline.Gate.Complete(frame.Sequence);
                    pipeline.CountDropped(1);
                    LogPublishFailed(logger, e, Id);
                    if (handle is { } lost && localFrames.TryTake(lost, out var planes, out var release))
                    {
                        release(planes);
                    }
                }
                finally
                {
                    if (handle is null)
                    {
                        // The stream provider serialised the frame when it was queued: the buffer is free again.
                        pipeline.Return(frame);
                    }
                }
            }
        }
        finally
        {
            Volatile.Write(ref _publishScheduled, 0);
        }
        // A frame offered while this loop was finishing found the flag still set; look once more.
        if (pipeline is not null && pipeline == _pipeline && pipeline.Gate.IsReady)
        {
            SchedulePublish();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {CameraId} started: {Source} (generation {Generation})")]
    private static partial void LogStarted(ILogger logger, string cameraId, string source, int generation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {CameraId} moving to {Silo}")]
    private static partial void LogMoving(ILogger logger, string cameraId, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: inference grain not ready: {Error}")]
    private static partial void LogInferenceNotReady(ILogger logger, string cameraId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: {Count} event updates not recorded: {Error}")]
    private static partial void LogEventsNotRecorded(ILogger logger, string cameraId, int count, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: publishing a frame failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string cameraId);
}
