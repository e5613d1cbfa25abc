using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Video.Storage.Results;

namespace Orleans.Video.Grains.Detections;

/// <summary>
/// A camera's detections: frames gathered as inference acknowledges them and appended to PostgreSQL through the
/// results storage at most every <see cref="DetectionStorageOptions.FlushInterval"/>, so a second's frames cost one
/// statement and nothing stored is ever written again. Queries write first, then read the table.
/// </summary>
/// <remarks>
/// A write that hangs (PostgreSQL stalled: its statement waits out the command timeout) must not hold up the camera:
/// the timer's write interleaves with appends, which gather in <see cref="_arriving"/> while the storage writes the
/// state's <see cref="DetectionLogState.Pending"/>, and move there once no write runs. The two together are bounded
/// by <see cref="MaxPending"/>.
/// </remarks>
[PreferLocalPlacement]
[GrainType("detectionlog")]
public sealed partial class DetectionLogGrain(
    [PersistentState("detections", GrainStorageNames.Results)] IPersistentState<DetectionLogState> state,
    DetectionStore store,
    IOptions<DetectionStorageOptions> options,
    TimeProvider clock,
    ILogger<DetectionLogGrain> logger) : Grain, IDetectionLogGrain, IRemindable
{
    /// <summary>Each camera trimmed its own one-minute buckets on this reminder before detections were appended; it goes when it next fires.</summary>
    private const string LegacyRetentionReminder = "detection-retention";

    /// <summary>While PostgreSQL refuses writes, at most this many frames wait (minutes of a busy camera); then the oldest go.</summary>
    private const int MaxPending = 5000;

    private readonly List<FrameDetections> _arriving = [];
    private IGrainTimer? _flush;
    private Task? _writing;
    private bool _failing;

    /// <summary>Frames handed to the storage: being written, or left there by a write that failed.</summary>
    private List<FrameDetections> Pending => state.State.Pending;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => await FlushAsync();

    public Task AppendAsync(FrameDetections frame)
    {
        var maxAge = options.Value.MaxAge;
        if (frame.Detections.Count == 0 || maxAge > TimeSpan.Zero && frame.Timestamp < clock.GetUtcNow() - maxAge)
        {
            return Task.CompletedTask; // nothing a query could return, or already past retention
        }
        if (_arriving.Exists(pending => pending.Sequence == frame.Sequence) || Pending.Exists(pending => pending.Sequence == frame.Sequence))
        {
            return Task.CompletedTask; // the table ignores a frame stored before; this is one not yet written
        }
        if (_arriving.Count + Pending.Count >= MaxPending)
        {
            if (_arriving.Count == 0)
            {
                LogDropped(logger, this.GetPrimaryKeyString(), frame.Sequence);
                return Task.CompletedTask; // the write under way holds them all
            }
            LogDropped(logger, this.GetPrimaryKeyString(), _arriving[0].Sequence);
            _arriving.RemoveAt(0);
        }
        _arriving.Add(frame);
        var interval = options.Value.FlushInterval;
        if (interval <= TimeSpan.Zero)
        {
            return FlushAsync();
        }
        _flush ??= this.RegisterGrainTimer(_ => TickAsync(), new GrainTimerCreationOptions(interval, interval) { KeepAlive = true, Interleave = true });
        return Task.CompletedTask;
    }

    public async Task<DetectionPage> QueryAsync(DetectionQuery query)
    {
        if (query.Error() is { } error)
        {
            throw new ArgumentException(error, nameof(query));
        }
        // What a query returns must survive a crash: write pending frames before showing them.
        await FlushAsync();
        var camera = this.GetPrimaryKeyString();
        if (query.Before is { CameraId: "" } cursor)
        {
            query = query with { Before = cursor with { CameraId = camera } };
        }
        return await store.QueryAsync([camera], query);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == LegacyRetentionReminder && await this.GetReminder(reminderName) is { } reminder)
        {
            // Detections now go a whole day at a time, for every camera at once (DetectionRetention).
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>The timer's write: a failure is logged once for the outage, and the frames wait for the next tick.</summary>
    private async Task TickAsync()
    {
        try
        {
            await FlushAsync();
            if (_failing)
            {
                _failing = false;
                LogStoredAgain(logger, this.GetPrimaryKeyString());
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (!_failing)
            {
                _failing = true;
                LogNotStored(logger, this.GetPrimaryKeyString(), Pending.Count + _arriving.Count, e.Message);
            }
        }
    }

    /// <summary>Writes what has arrived, after any write under way (one at a time); throws when the storage does.</summary>
    private async Task FlushAsync()
    {
        while (_writing is { } running)
        {
            await running;
        }
        if (_arriving.Count == 0 && Pending.Count == 0)
        {
            // Nothing came since the last write: stop ticking, so an idle log can be collected.
            _flush?.Dispose();
            _flush = null;
            return;
        }
        Pending.AddRange(_arriving);
        _arriving.Clear();
        // The storage empties the list once the rows are in; on failure they stay for the next tick (or query).
        var write = state.WriteStateAsync();
        _writing = write;
        try
        {
            await write;
        }
        finally
        {
            _writing = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: {Count} frames' detections wait to be stored ({Error}); they are kept, within bounds, and written when PostgreSQL answers")]
    private static partial void LogNotStored(ILogger logger, string cameraId, int count, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {CameraId}: detections are stored again")]
    private static partial void LogStoredAgain(ILogger logger, string cameraId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: detections not stored for minutes; frame {Sequence} dropped to bound memory")]
    private static partial void LogDropped(ILogger logger, string cameraId, long sequence);
}
