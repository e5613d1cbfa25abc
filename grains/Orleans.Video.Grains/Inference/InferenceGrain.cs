using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Video.Grains.Placement;
using Orleans.Video.Inference;

namespace Orleans.Video.Grains.Inference;

/// <summary>
/// Detection for one camera: activated by the implicit subscription to the camera's frame stream, placed on
/// a GPU silo when there is one. It keeps no state: the silo's <see cref="IInferenceEngine"/> batches its
/// frames with other cameras', results go to storage and to the live detections stream.
/// </summary>
[ImplicitStreamSubscription(StreamNames.Frames)]
[GpuPlacement]
[GrainType("inference")]
public sealed partial class InferenceGrain(IInferenceEngine engine, LocalFrames localFrames, ILogger<InferenceGrain> logger) : Grain, IInferenceGrain
{
    private IAsyncStream<FrameDetections> _detections = null!;
    private ICameraGrain _camera = null!;
    private IDetectionLogGrain _log = null!;
    private long _processed;
    private long _failed;
    private string? _lastError;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var cameraId = this.GetPrimaryKeyString();
        var provider = this.GetStreamProvider(StreamNames.Provider);
        _detections = provider.GetStream<FrameDetections>(StreamId.Create(StreamNames.Detections, cameraId));
        _camera = GrainFactory.GetGrain<ICameraGrain>(cameraId);
        _log = GrainFactory.GetGrain<IDetectionLogGrain>(cameraId);
        var frames = provider.GetStream<FramePacket>(StreamId.Create(StreamNames.Frames, cameraId));
        await frames.SubscribeAsync((frame, _) => OnFrameAsync(frame));
    }

    public Task<InferenceStats> GetStatsAsync() =>
        Task.FromResult(new InferenceStats(RuntimeIdentity, _processed, _failed, _lastError));

    private async Task OnFrameAsync(FramePacket frame)
    {
        byte[]? handedOver = null;
        Action<byte[]>? release = null;
        if (frame.LocalHandle is { } handle)
        {
            if (!localFrames.TryTake(handle, out handedOver, out release))
            {
                await _camera.FrameProcessedAsync(frame.Sequence, null, FramePacket.NotLocal);
                return;
            }
            frame = frame with { Planes = handedOver };
        }

        IReadOnlyList<Detection> detections;
        try
        {
            detections = await engine.DetectAsync(frame, CancellationToken.None);
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
        finally
        {
            // The engine copied the pixels into its batch tensor: the camera may reuse the buffer.
            if (handedOver is not null)
            {
                release!(handedOver);
            }
        }
        // Free the camera's slot first: storage and live delivery need not hold back the next frame.
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
            await _log.AppendAsync(result);
        }
        await _detections.OnNextAsync(result);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inference for camera {CameraId} failed: {Error}")]
    private static partial void LogInferenceFailed(ILogger logger, string cameraId, string error);
}
