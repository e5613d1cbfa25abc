using Microsoft.Extensions.Logging;
using Orleans.Video.Grains.Events;
using Orleans.Video.Grains.Recordings;
using Orleans.Video.Media;

namespace Orleans.Video.Grains.Cameras;

/// <summary>
/// One run of a camera, from its decoder's start to its stop: the decoder (<see cref="CameraPipeline"/>, on its own
/// thread), the sending of the frames its gate lets through to inference, the acknowledgements that free the gate, and the
/// frames' snapshots and events. Everything but the decoder runs on the camera grain's turns. A new configuration
/// makes a new run, so a frame is always published with the configuration its decoder was started with.
/// </summary>
internal sealed partial class CameraRun(
    string cameraId,
    CameraConfig config,
    CameraPipeline pipeline,
    SnapshotKeeper snapshots,
    CameraEvents events,
    IInferenceGrain inference,
    Func<bool> waitingForGpu,
    string host,
    TimeProvider clock,
    ILogger logger)
{
    private const string WaitingForGpuError = "waiting for a GPU silo (Cameras:RequireGpu is set and no active silo advertises gpu=true)";

    private long _published;
    private long _publishedBytes;
    private long _processed;
    private (long Bytes, long At) _rateMark = (0, clock.GetTimestamp());
    private long _bytesPerSecond;
    private string? _inferenceError;
    private bool _waitingForGpu;

    public CameraPipeline Pipeline => pipeline;

    /// <summary>Indexes the run's recording; null when the camera is not recorded.</summary>
    public CameraRecorder? Recorder { get; init; }

    public SnapshotKeeper Snapshots => snapshots;

    public long FramesPublished => _published;

    /// <summary>Bytes a second of frames sent to inference, as of the last <see cref="MeasureFrameBytes"/>.</summary>
    public long FrameBytesPerSecond => _bytesPerSecond;

    public IInferenceGrain Inference => inference;

    /// <summary>The silo running the camera's inference as last seen; frames cross the network when it is not this one.</summary>
    public string? InferenceHost { get; set; }

    public long FramesProcessed => _processed;

    public int TrackedObjects => events.TrackedObjects;

    /// <summary>The short number the next track gets.</summary>
    public long NextTrackNumber => events.NextNumber;

    /// <summary>What the camera shows as its error: a missing GPU silo first, then inference, then the decoder.</summary>
    public string? LastError => _waitingForGpu ? WaitingForGpuError : _inferenceError ?? pipeline.LastError;

    public void Start() => pipeline.Start();

    /// <summary>
    /// Sends the frames the gate lets through to the camera's inference grain, each as a one-way call: on this
    /// silo the frame is handed over by reference, on another it crosses the network once. Its buffer comes back
    /// with the acknowledgement.
    /// </summary>
    public void PublishPending()
    {
        while (pipeline.Gate.TryTake(DateTimeOffset.UtcNow, out var frame))
        {
            _waitingForGpu = waitingForGpu();
            if (_waitingForGpu)
            {
                Drop(frame.Sequence, reuse: true);
                continue;
            }
            try
            {
                inference.AnalyseAsync(new FramePacket
                {
                    CameraId = cameraId,
                    Sequence = frame.Sequence,
                    Timestamp = frame.Timestamp,
                    SourceTime = frame.SourceTime,
                    Model = config.Model,
                    Letterbox = frame.Letterbox,
                    Planes = new FramePlanes(frame.Planes),
                    Filter = config.Filter,
                }).Ignore();
                _published++;
                _publishedBytes += frame.Planes.Length;
                CameraMetrics.FrameBytesSent.Add(frame.Planes.Length, CameraMetrics.Camera(cameraId), CameraMetrics.Network(InferenceHost != host));
            }
            catch (Exception e)
            {
                // Whether the call got as far as reading the buffer is unknown: leave it to the garbage collector.
                Drop(frame.Sequence, reuse: false);
                LogPublishFailed(logger, e, cameraId);
            }
        }
    }

    /// <summary>
    /// Inference finished a frame of this run: frees its slot in the gate, makes it the snapshot frame and feeds its
    /// detections to tracking. Returns the event updates to record; none for a frame this run does not know.
    /// </summary>
    public IReadOnlyList<EventUpdate> Complete(long sequence, IReadOnlyList<Detection>? detections, string? error)
    {
        if (!pipeline.Gate.Complete(sequence, out var frame))
        {
            return [];
        }
        _processed++;
        // The last inference outcome shows on the camera: a bad model is the camera's problem to report.
        _inferenceError = error is null ? null : $"inference failed: {error}";
        if (detections is null)
        {
            pipeline.Return(frame);
            return [];
        }
        // The acknowledged frame becomes the snapshot frame, in its own buffer; the one it replaces is reused.
        if (snapshots.Keep(frame.Planes, frame.Letterbox, detections) is { } replaced)
        {
            pipeline.Return(replaced);
        }
        var updates = events.Observe(frame.Timestamp, frame.SourceTime, sequence, detections, snapshots);
        pipeline.Tracking = events.Following;
        return updates;
    }

    /// <summary>Updates <see cref="FrameBytesPerSecond"/> from the bytes sent since the previous call.</summary>
    public void MeasureFrameBytes()
    {
        var now = clock.GetTimestamp();
        var seconds = clock.GetElapsedTime(_rateMark.At, now).TotalSeconds;
        if (seconds > 0)
        {
            _bytesPerSecond = (long)((_publishedBytes - _rateMark.Bytes) / seconds);
            _rateMark = (_publishedBytes, now);
        }
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

    private void Drop(long sequence, bool reuse)
    {
        if (pipeline.Gate.Complete(sequence, out var frame) && reuse)
        {
            pipeline.Return(frame);
        }
        pipeline.CountDropped(1);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: sending a frame to inference failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string cameraId);
}
