using Microsoft.Extensions.Logging;
using Orleans.Video.Media;

namespace Orleans.Video.Grains.Recordings;

/// <summary>
/// The camera grain's side of a recording: on its housekeeping turns it collects the segments the decoder finished,
/// and those of sessions a dead silo left open, and indexes them in the camera's <see cref="IRecordingLogGrain"/>
/// in batches. Nothing is lost between batches: until a session is closed its segment list on disk still names
/// every finished segment, and the next activation recovers it. A batch that fails is kept and sent again.
/// </summary>
internal sealed partial class CameraRecorder(
    string cameraId,
    RecordConfig record,
    CameraRecording recording,
    IRecordingLogGrain log,
    MediaStorageOptions options,
    TimeProvider clock,
    ILogger logger)
{
    /// <summary>Orphaned sessions are looked for this often; a session quiet for two segments has no process left.</summary>
    private static readonly TimeSpan RecoveryPeriod = TimeSpan.FromSeconds(30);

    private readonly List<RecordedSegment> _pending = [];
    private readonly List<RecordingSession> _recovered = [];
    private DateTimeOffset _lastIndexed;
    private DateTimeOffset _lastRecovery = DateTimeOffset.MinValue;

    public CameraRecording Recording => recording;

    /// <summary>Segments finished and not indexed yet.</summary>
    public int Pending => _pending.Count;

    /// <summary>Collects finished segments and indexes them when a batch is due (or now, when <paramref name="flush"/>).</summary>
    public async Task TickAsync(bool flush = false)
    {
        var now = clock.GetUtcNow();
        _pending.AddRange(recording.TakeFinished());
        if (options.Enabled && (flush || now - _lastRecovery >= RecoveryPeriod))
        {
            _lastRecovery = now;
            foreach (var orphan in RecordingRecovery.FindOrphans(options, cameraId, recording.IsOwn, 2 * options.SegmentLength, now))
            {
                var segments = orphan.TakeFinished();
                LogRecovered(logger, cameraId, segments.Count, orphan.RelativeDirectory);
                _pending.AddRange(segments);
                _recovered.Add(orphan);
            }
        }
        if (_pending.Count == 0 || (!flush && now - _lastIndexed < options.IndexInterval))
        {
            return;
        }
        try
        {
            await log.AddAsync([.. _pending], record);
            _pending.Clear();
            _lastIndexed = now;
            // Only once their segments are indexed may recovered sessions lose their lists.
            _recovered.ForEach(session => session.Close());
            _recovered.Clear();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogIndexFailed(logger, cameraId, _pending.Count, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {CameraId}: recovered {Segments} recorded segments of {Session}, left open by a decoder that is gone")]
    private static partial void LogRecovered(ILogger logger, string cameraId, int segments, string session);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: {Segments} recorded segments not indexed yet: {Error}")]
    private static partial void LogIndexFailed(ILogger logger, string cameraId, int segments, string error);
}
