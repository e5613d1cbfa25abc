using Microsoft.Extensions.Logging;

namespace Orleans.Video.Grains.Delivery;

/// <summary>
/// Sends what a grain hands it to another grain, in order and off the caller's turn: <see cref="Add"/> queues and
/// returns at once, and one send at a time takes everything queued since the last. It runs on the owning grain's
/// scheduler and touches nothing but its queue.
/// </summary>
/// <remarks>
/// A send that fails (PostgreSQL down or stalled, a silo cut off until the membership declares it dead: the call fails
/// or times out) keeps its items at the head of the queue and is tried again after <see cref="RetryDelay"/>, so an
/// outage delays them instead of losing them; receivers store an item sent twice as once. At most
/// <c>maxQueued</c> wait; past that the oldest go.
/// </remarks>
public sealed partial class RetryingSender<T>(Func<IReadOnlyList<T>, Task> send, int maxQueued, string cameraId, string what, TimeProvider clock, ILogger logger)
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private List<T> _queued = [];
    private Task _sending = Task.CompletedTask;
    private bool _failing;
    private bool _retryScheduled;

    /// <summary>Queues <paramref name="items"/> after everything queued before them.</summary>
    public void Add(IReadOnlyList<T> items)
    {
        if (items.Count == 0)
        {
            return;
        }
        _queued.AddRange(items);
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
                await send(batch);
                if (_failing)
                {
                    _failing = false;
                    LogSentAgain(logger, cameraId, what);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Trouble downstream must not stop the camera: the items wait, ahead of those queued meanwhile.
                batch.AddRange(_queued);
                _queued = batch;
                Bound();
                if (!_failing)
                {
                    _failing = true;
                    LogNotSent(logger, cameraId, _queued.Count, what, e.Message);
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

    /// <summary>Runs on the owning grain's scheduler, like the send it starts.</summary>
    private async Task RetryLaterAsync()
    {
        await Task.Delay(RetryDelay, clock);
        _retryScheduled = false;
        if (_sending.IsCompleted && _queued.Count > 0)
        {
            _sending = SendAsync();
        }
    }

    private void Bound()
    {
        if (_queued.Count > maxQueued)
        {
            var dropped = _queued.Count - maxQueued;
            _queued.RemoveRange(0, dropped);
            LogDropped(logger, cameraId, dropped, what);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: {Count} {What} wait to be stored ({Error}); sent again every 5 s until they are taken")]
    private static partial void LogNotSent(ILogger logger, string cameraId, int count, string what, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {CameraId}: {What} are stored again")]
    private static partial void LogSentAgain(ILogger logger, string cameraId, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: {Count} {What} dropped: they could not be stored for too long")]
    private static partial void LogDropped(ILogger logger, string cameraId, int count, string what);
}
