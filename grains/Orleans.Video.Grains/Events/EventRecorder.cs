using Microsoft.Extensions.Logging;

namespace Orleans.Video.Grains.Events;

/// <summary>
/// Sends a camera's event updates to its event log, in order and off the acknowledgement path: a frame's
/// acknowledgement queues its updates and returns at once, and one send at a time takes everything queued since
/// the last. The send runs on the camera grain's scheduler and touches nothing but this queue.
/// </summary>
/// <remarks>
/// A send that fails (PostgreSQL down or stalled: the call times out) keeps its updates at the head of the queue and
/// tries again after <see cref="RetryDelay"/>, so an outage delays events instead of losing them; the event log stores
/// an update twice as once. At most <see cref="MaxQueued"/> wait; past that the oldest go.
/// </remarks>
internal sealed partial class EventRecorder(IEventLogGrain log, string cameraId, ILogger logger)
{
    public const int MaxQueued = 10_000;
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private List<EventUpdate> _queued = [];
    private Task _sending = Task.CompletedTask;
    private bool _failing;
    private bool _retryScheduled;

    /// <summary>Queues <paramref name="updates"/> after everything queued before them.</summary>
    public void Record(IReadOnlyList<EventUpdate> updates)
    {
        if (updates.Count == 0)
        {
            return;
        }
        _queued.AddRange(updates);
        Bound();
        if (_sending.IsCompleted && !_failing)
        {
            _sending = SendAsync();
        }
    }

    /// <summary>Completes when everything queued so far has been sent, or has failed once and waits for its retry.</summary>
    public Task FlushAsync() => _failing ? Task.CompletedTask : _sending;

    private async Task SendAsync()
    {
        while (_queued.Count > 0)
        {
            var batch = _queued;
            _queued = [];
            try
            {
                await log.RecordAsync(batch);
                if (_failing)
                {
                    _failing = false;
                    LogRecordedAgain(logger, cameraId);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Storage trouble must not stop the camera: the updates wait, ahead of those queued meanwhile.
                batch.AddRange(_queued);
                _queued = batch;
                Bound();
                if (!_failing)
                {
                    _failing = true;
                    LogNotRecorded(logger, cameraId, _queued.Count, e.Message);
                }
                if (!_retryScheduled)
                {
                    _retryScheduled = true;
                    _ = RetryLaterAsync();
                }
                return;
            }
        }
    }

    /// <summary>Runs on the camera grain's scheduler, like the send it starts.</summary>
    private async Task RetryLaterAsync()
    {
        await Task.Delay(RetryDelay);
        _retryScheduled = false;
        if (_sending.IsCompleted && _queued.Count > 0)
        {
            _sending = SendAsync();
        }
    }

    private void Bound()
    {
        if (_queued.Count > MaxQueued)
        {
            var dropped = _queued.Count - MaxQueued;
            _queued.RemoveRange(0, dropped);
            LogDropped(logger, cameraId, dropped);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: {Count} event updates wait to be recorded ({Error}); sent again every 5 s until the event log takes them")]
    private static partial void LogNotRecorded(ILogger logger, string cameraId, int count, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {CameraId}: event updates are recorded again")]
    private static partial void LogRecordedAgain(ILogger logger, string cameraId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: {Count} event updates dropped: the event log has not taken any for too long")]
    private static partial void LogDropped(ILogger logger, string cameraId, int count);
}
