using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Video.Grains.Delivery;
using Orleans.Video.Grains.Placement;
using Orleans.Video.Inference;

namespace Orleans.Video.Grains.Inference;

/// <summary>
/// Detection for one camera: its camera grain calls it with each frame, and it is placed on a GPU silo when there
/// is one (the camera's own silo when that qualifies, so frames then stay in-process). It keeps no state: the silo's
/// <see cref="IInferenceEngine"/> batches its frames with other cameras', results go to storage and to the live
/// detections stream.
/// </summary>
[GpuPlacement]
[GrainType("inference")]
public sealed partial class InferenceGrain(IInferenceEngine engine, TimeProvider clock, ILogger<InferenceGrain> logger) : Grain, IInferenceGrain
{
    /// <summary>A minute of a camera at 25 frames a second waits for its detection log (a stalled database, a partition).</summary>
    private const int MaxFramesWaiting = 1500;

    /// <summary>Live frames waiting for the detections stream: a few seconds of a camera.</summary>
    private const int MaxUnpublished = 50;

    private IAsyncStream<FrameDetections> _detections = null!;
    private ICameraGrain _camera = null!;
    private RetryingSender<FrameDetections> _log = null!;
    private readonly Queue<FrameDetections> _unpublished = new();
    private Task _publishing = Task.CompletedTask;
    private bool _publishFailed;
    private long _processed;
    private long _failed;
    private string? _lastError;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var cameraId = this.GetPrimaryKeyString();
        _detections = this.GetStreamProvider(StreamNames.Provider).GetStream<FrameDetections>(StreamId.Create(StreamNames.Detections, cameraId));
        _camera = GrainFactory.GetGrain<ICameraGrain>(cameraId);
        var log = GrainFactory.GetGrain<IDetectionLogGrain>(cameraId);
        // Off this grain's turn: a detection log out of reach (its silo cut off, until the membership declares it dead)
        // must hold up neither the next frame nor the live detections; the frames wait and are stored afterwards.
        _log = new RetryingSender<FrameDetections>(
            async frames =>
            {
                foreach (var frame in frames)
                {
                    await log.AppendAsync(frame);
                }
            },
            MaxFramesWaiting, cameraId, "frames of detections", clock, logger);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(_log.FlushAsync(), _publishing).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Orleans gave up waiting (the silo is going): what was not sent goes with this activation.
        }
    }

    public Task<InferenceStats> GetStatsAsync() =>
        Task.FromResult(new InferenceStats(RuntimeIdentity, _processed, _failed, _lastError));

    public async Task AnalyseAsync(FramePacket frame)
    {
        IReadOnlyList<Detection> detections;
        try
        {
            detections = await engine.DetectAsync(frame, CancellationToken.None);
            // The engine has read the pixels: a frame that came over the network gives its buffer to the next one.
            frame.Planes.Release();
            if (frame.Filter is { } filter)
            {
                detections = filter.Apply(detections);
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            _failed++;
            _lastError = e.Message;
            LogInferenceFailed(logger, frame.CameraId, e.Message);
            await _camera.FrameProcessedAsync(frame.Sequence, null, e.Message);
            return;
        }
        // The engine has copied the pixels into its batch tensor, so the acknowledgement also gives the camera its
        // buffer back. Sent first: storage and live delivery need not hold back the next frame.
        await _camera.FrameProcessedAsync(frame.Sequence, detections);
        _processed++;

        var result = new FrameDetections
        {
            CameraId = frame.CameraId,
            Sequence = frame.Sequence,
            Timestamp = frame.Timestamp,
            SourceTime = frame.SourceTime,
            Model = frame.Model,
            Detections = detections,
            LatencyMs = (DateTimeOffset.UtcNow - frame.Timestamp).TotalMilliseconds,
        };
        if (detections.Count > 0)
        {
            _log.Add([result]);
        }
        // Published in order off this turn: a stream whose queue is on a silo that does not answer holds up neither
        // analysis nor storage. Live viewers want the newest frames: past a bound, the oldest unpublished go.
        _unpublished.Enqueue(result);
        if (_unpublished.Count > MaxUnpublished)
        {
            _unpublished.Dequeue();
        }
        if (_publishing.IsCompleted)
        {
            _publishing = PublishAsync();
        }
    }

    private async Task PublishAsync()
    {
        while (_unpublished.TryDequeue(out var result))
        {
            try
            {
                await _detections.OnNextAsync(result);
                _publishFailed = false;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (!_publishFailed)
                {
                    _publishFailed = true;
                    LogPublishFailed(logger, result.CameraId, e.Message);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: live detections not published ({Error}); analysis and storage go on")]
    private static partial void LogPublishFailed(ILogger logger, string cameraId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inference for camera {CameraId} failed: {Error}")]
    private static partial void LogInferenceFailed(ILogger logger, string cameraId, string error);
}
