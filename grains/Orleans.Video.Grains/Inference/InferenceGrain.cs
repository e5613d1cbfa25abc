using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;
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
public sealed partial class InferenceGrain(IInferenceEngine engine, ILogger<InferenceGrain> logger) : Grain, IInferenceGrain
{
    private IAsyncStream<FrameDetections> _detections = null!;
    private ICameraGrain _camera = null!;
    private IDetectionLogGrain _log = null!;
    private long _processed;
    private long _failed;
    private string? _lastError;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var cameraId = this.GetPrimaryKeyString();
        _detections = this.GetStreamProvider(StreamNames.Provider).GetStream<FrameDetections>(StreamId.Create(StreamNames.Detections, cameraId));
        _camera = GrainFactory.GetGrain<ICameraGrain>(cameraId);
        _log = GrainFactory.GetGrain<IDetectionLogGrain>(cameraId);
        return Task.CompletedTask;
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
            await _log.AppendAsync(result);
        }
        await _detections.OnNextAsync(result);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inference for camera {CameraId} failed: {Error}")]
    private static partial void LogInferenceFailed(ILogger logger, string cameraId, string error);
}
