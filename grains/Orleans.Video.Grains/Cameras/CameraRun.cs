using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Video.Grains.Events;
using Orleans.Video.Grains.Inference;
using Orleans.Video.Grains.Recordings;
using Orleans.Video.Media;

namespace Orleans.Video.Grains.Cameras;

/// <summary>
/// One run of a camera, from its decoder's start to its stop: the decoder (<see cref="CameraPipeline"/>, on its own
/// thread), the publishing of the frames its gate lets through, the acknowledgements that free the gate, and the
/// frames' snapshots and events. Everything but the decoder runs on the camera grain's turns. A new configuration
/// makes a new run, so a frame is always published with the configuration its decoder was started with.
/// </summary>
internal sealed partial class CameraRun(
    string cameraId,
    CameraConfig config,
    CameraPipeline pipeline,
    SnapshotKeeper snapshots,
    CameraEvents events,
    IAsyncStream<FramePacket> frames,
    LocalFrames localFrames,
    Func<bool> waitingForGpu,
    ILogger logger)
{
    private const string WaitingForGpuError = "waiting for a GPU silo (Cameras:RequireGpu is set and no active silo advertises gpu=true)";

    private long _published;
    private long _processed;
    private string? _inferenceError;
    private bool _waitingForGpu;

    public CameraPipeline Pipeline => pipeline;

    /// <summary>Indexes the run's recording; null when the camera is not recorded.</summary>
    public CameraRecorder? Recorder { get; init; }

    public SnapshotKeeper Snapshots => snapshots;

    public long FramesPublished => _published;

    public long FramesProcessed => _processed;

    public int TrackedObjects => events.TrackedObjects;

    /// <summary>What the camera shows as its error: a missing GPU silo first, then inference, then the decoder.</summary>
    public string? LastError => _waitingForGpu ? WaitingForGpuError : _inferenceError ?? pipeline.LastError;

    /// <summary>The camera's inference grain runs on this silo: frames go through <see cref="LocalFrames"/>, not the serializer.</summary>
    public bool HandOverLocally { get; set; }

    public void Start() => pipeline.Start();

    /// <summary>Publishes the frames the gate lets through, one at a time, on the camera's frame stream.</summary>
    public async Task PublishPendingAsync()
    {
        while (pipeline.Gate.TryTake(DateTimeOffset.UtcNow, out var frame))
        {
            _waitingForGpu = waitingForGpu();
            if (_waitingForGpu)
            {
                Drop(frame.Sequence);
                pipeline.Return(frame);
                continue;
            }
            // Handed over in-process, the buffer belongs to the frame exchange until inference gives it back.
            long? handle = HandOverLocally ? localFrames.Put(frame.Planes, pipeline.Return) : null;
            try
            {
                snapshots.Capture(frame.Sequence, frame.Planes, frame.Letterbox, frame.Timestamp, frame.SourceTime);
                await frames.OnNextAsync(new FramePacket
                {
                    CameraId = cameraId,
                    Sequence = frame.Sequence,
                    Timestamp = frame.Timestamp,
                    SourceTime = frame.SourceTime,
                    Model = config.Model,
                    Letterbox = frame.Letterbox,
                    Planes = handle is null ? frame.Planes : [],
                    LocalHandle = handle,
                    Filter = config.Filter,
                });
                _published++;
            }
            catch (Exception e)
            {
                Drop(frame.Sequence);
                LogPublishFailed(logger, e, cameraId);
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

    /// <summary>
    /// Inference finished a frame of this run: frees its slot in the gate, makes it the snapshot frame and feeds its
    /// detections to tracking. Returns the event updates to record; none for a frame this run does not know.
    /// </summary>
    public IReadOnlyList<EventUpdate> Complete(long sequence, IReadOnlyList<Detection>? detections, string? error)
    {
        if (!pipeline.Gate.Complete(sequence))
        {
            return [];
        }
        _processed++;
        // The last inference outcome shows on the camera: a bad model is the camera's problem to report.
        _inferenceError = error is null ? null : $"inference failed: {error}";
        if (detections is null || snapshots.Complete(sequence, detections) is not (var timestamp, var sourceTime))
        {
            return [];
        }
        var updates = events.Observe(timestamp, sourceTime, sequence, detections, snapshots);
        pipeline.Tracking = events.Following;
        return updates;
    }

    /// <summary>Frames whose acknowledgement is overdue count as dropped and free their slots.</summary>
    public void ExpireAcknowledgements(TimeSpan timeout)
    {
        var expired = pipeline.Gate.Expire(DateTimeOffset.UtcNow, timeout);
        if (expired > 0)
        {
            pipeline.CountDropped(expired);
        }
    }

    /// <summary>Open events whose last sighting is newer than what is stored.</summary>
    public IReadOnlyList<EventUpdate> TakeSightings() => events.TakeSightings();

    /// <summary>
    /// A file that ended or a source that is down shows nothing more: once no frame is in flight, what was being
    /// followed is gone and its events end.
    /// </summary>
    public IReadOnlyList<EventUpdate> EndEventsIfSourceIsDown()
    {
        if (pipeline.State is not (CameraState.Stopped or CameraState.Failed or CameraState.Reconnecting)
            || pipeline.Gate.InFlight > 0 || !events.Following)
        {
            return [];
        }
        pipeline.Tracking = false;
        return events.Stop();
    }

    /// <summary>
    /// Indexes the recording's finished segments when a batch is due; a recording that storage paused is started
    /// again (with its decoder) once storage may be back.
    /// </summary>
    public async Task RecordAsync()
    {
        if (Recorder is not { } recorder)
        {
            return;
        }
        if (recorder.Recording.ShouldRetry)
        {
            pipeline.Restart();
        }
        await recorder.TickAsync();
    }

    /// <summary>
    /// Stops the decoder, indexes the last of its recording, and ends every open event; returns the updates that end them.
    /// </summary>
    public async Task<IReadOnlyList<EventUpdate>> StopAsync()
    {
        await pipeline.DisposeAsync();
        if (Recorder is { } recorder)
        {
            await recorder.TickAsync(flush: true);
        }
        return events.Stop();
    }

    private void Drop(long sequence)
    {
        pipeline.Gate.Complete(sequence);
        pipeline.CountDropped(1);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: publishing a frame failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string cameraId);
}
