using Microsoft.Extensions.Logging;

namespace Orleans.Video.Grains.Events;

/// <summary>
/// Sends a camera's event updates to its event log, in order and off the acknowledgement path: a frame's
/// acknowledgement queues its updates and returns at once, and one send at a time takes everything queued since
/// the last. The send runs on the camera grain's scheduler and touches nothing but this queue.
/// </summary>
internal sealed partial class EventRecorder(IEventLogGrain log, string cameraId, ILogger logger)
{
    private List<EventUpdate> _queued = [];
    private Task _sending = Task.CompletedTask;

    /// <summary>Queues <paramref name="updates"/> after everything queued before them.</summary>
    public void Record(IReadOnlyList<EventUpdate> updates)
    {
        if (updates.Count == 0)
        {
            return;
        }
        _queued.AddRange(updates);
        if (_sending.IsCompleted)
        {
            _sending = SendAsync();
        }
    }

    /// <summary>Completes when everything queued so far has been sent (or given up on, and logged).</summary>
    public Task FlushAsync() => _sending;

    private async Task SendAsync()
    {
        while (_queued.Count > 0)
        {
            var batch = _queued;
            _queued = [];
            try
            {
                await log.RecordAsync(batch);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Storage trouble must not stop the camera; the event log closes what stays open at the next start.
                LogNotRecorded(logger, cameraId, batch.Count, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: {Count} event updates not recorded: {Error}")]
    private static partial void LogNotRecorded(ILogger logger, string cameraId, int count, string error);
}
