using Microsoft.Extensions.Logging;
using Orleans.Video.Media;

namespace Orleans.Video.Grains.Recordings;

/// <summary>
/// The camera grain's side of a recording: on its housekeeping turns it collects the segments the decoder finished,
/// and those of sessions a dead silo left open, and indexes them in the camera's <see cref="IRecordingLogGrain"/>
/// in batches. Nothing is lost between batches: until a session is closed its segment list on disk still names
/// every finished segment, and the next activation recovers it. A batch that fails is kept and sent again.
/// In events mode a finished segment waits until it is known whether an event (with its padding) overlaps it:
/// then it is indexed, or its file is deleted.
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
    private readonly List<RecordedSegment> _held = [];
    private readonly Dictionary<string, (DateTimeOffset Start, DateTimeOffset? End)> _events = [];
    private readonly List<RecordingSession> _recovered = [];
    private DateTimeOffset _lastIndexed;
    private Task _indexing = Task.CompletedTask;
    private DateTimeOffset _lastRecovery = DateTimeOffset.MinValue;

    public CameraRecording Recording => recording;

    /// <summary>Segments finished and not indexed yet.</summary>
    public int Pending => _pending.Count;

    /// <summary>Events of the camera as they start and end: in events mode they decide which segments are kept.</summary>
    public void Observe(IReadOnlyList<EventUpdate> updates)
    {
        foreach (var update in updates)
        {
            _events[update.Event.Id] = (update.Event.Start, update.Event.End);
        }
    }

    /// <summary>Collects finished segments and indexes them when a batch is due (or now, when <paramref name="flush"/>).</summary>
    public async Task TickAsync(bool flush = false)
    {
        var now = clock.GetUtcNow();
        if (record.Mode == RecordMode.Events)
        {
            _held.AddRange(recording.TakeFinished());
            KeepWhatEventsCover(now, flush);
        }
        else
        {
            // Continuous: everything is kept, and what events overlap is marked, for their longer retention.
            var windows = EventWindows();
            _pending.AddRange(recording.TakeFinished().Select(s => s with { Event = windows.Exists(w => s.Overlaps(w.From, w.To)) }));
            ForgetEventsBefore(now);
        }
        if (options.Enabled && (flush || now - _lastRecovery >= RecoveryPeriod))
        {
            _lastRecovery = now;
            foreach (var orphan in RecordingRecovery.FindOrphans(options, cameraId, recording.IsOwn, 2 * options.SegmentLength, now))
            {
                var segments = orphan.TakeFinished();
                if (orphan.TakeCutShort() is { } cutShort)
                {
                    segments = [.. segments, cutShort];
                }
                LogRecovered(logger, cameraId, segments.Count, orphan.RelativeDirectory);
                _pending.AddRange(segments);
                _recovered.Add(orphan);
            }
        }
        if (!_indexing.IsCompleted)
        {
            if (!flush)
            {
                return; // one batch at a time: what finishes meanwhile waits for the next
            }
            await _indexing;
        }
        if (_pending.Count == 0 || (!flush && now - _lastIndexed < options.IndexInterval))
        {
            return;
        }
        _indexing = IndexAsync([.. _pending], [.. _recovered], now);
        if (flush)
        {
            await _indexing;
        }
    }

    /// <summary>
    /// Sends a batch to the recording log. Not awaited by a housekeeping turn: while PostgreSQL stalls the call waits out
    /// Orleans' response timeout, and the camera's acknowledgements must not wait behind it. It runs on the camera
    /// grain's scheduler and touches only this recorder's lists.
    /// </summary>
    private async Task IndexAsync(List<RecordedSegment> batch, List<RecordingSession> recovered, DateTimeOffset now)
    {
        try
        {
            await log.AddAsync(batch, record);
            // Segments finished meanwhile were added after the batch's.
            _pending.RemoveRange(0, batch.Count);
            _lastIndexed = now;
            // Only once their segments are indexed may recovered sessions lose their lists.
            recovered.ForEach(session => session.Close());
            _recovered.RemoveAll(recovered.Contains);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogIndexFailed(logger, cameraId, batch.Count, e.Message);
        }
    }

    /// <summary>
    /// Events mode: a held segment that a padded event overlaps is kept; one that none can overlap any more (an event
    /// starting later than its end plus the pre-padding would not reach it) is deleted. The rest wait.
    /// </summary>
    private void KeepWhatEventsCover(DateTimeOffset now, bool final)
    {
        var pre = TimeSpan.FromSeconds(record.PreSeconds);
        var windows = EventWindows();
        var discarded = new List<RecordedSegment>();
        var decided = 0;
        foreach (var segment in _held)
        {
            if (windows.Exists(w => segment.Overlaps(w.From, w.To)))
            {
                _pending.Add(segment with { Event = true });
            }
            else if (final || segment.End + pre < now)
            {
                discarded.Add(segment);
            }
            else
            {
                break;
            }
            decided++;
        }
        _held.RemoveRange(0, decided);
        SegmentFiles.Delete(options.Root, discarded, logger);
        ForgetEventsBefore(_held.Count > 0 ? _held[0].Start : now);
    }

    /// <summary>Each event's span with the camera's padding; an open event reaches into the future.</summary>
    private List<(DateTimeOffset From, DateTimeOffset To)> EventWindows()
    {
        var pre = TimeSpan.FromSeconds(record.PreSeconds);
        var post = TimeSpan.FromSeconds(record.PostSeconds);
        return _events.Values.Select(e => (e.Start - pre, e.End is { } end ? end + post : DateTimeOffset.MaxValue)).ToList();
    }

    /// <summary>Events whose padded end is before <paramref name="time"/> cannot cover any segment still to come.</summary>
    private void ForgetEventsBefore(DateTimeOffset time)
    {
        var post = TimeSpan.FromSeconds(record.PostSeconds);
        foreach (var id in _events.Where(e => e.Value.End is { } end && end + post < time - options.SegmentLength).Select(e => e.Key).ToList())
        {
            _events.Remove(id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {CameraId}: recovered {Segments} recorded segments of {Session}, left open by a decoder that is gone")]
    private static partial void LogRecovered(ILogger logger, string cameraId, int segments, string session);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: {Segments} recorded segments not indexed yet: {Error}")]
    private static partial void LogIndexFailed(ILogger logger, string cameraId, int segments, string error);
}
