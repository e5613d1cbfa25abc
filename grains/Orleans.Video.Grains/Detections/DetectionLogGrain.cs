using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Video.Storage.Results;

namespace Orleans.Video.Grains.Detections;

/// <summary>
/// A camera's detections: frames gathered as inference acknowledges them and appended to PostgreSQL through the
/// results storage at most every <see cref="DetectionStorageOptions.FlushInterval"/>, so a second's frames cost one
/// statement and nothing stored is ever written again. Queries write first, then read the table.
/// </summary>
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

    private IGrainTimer? _flush;

    private List<FrameDetections> Pending => state.State.Pending;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => await FlushAsync();

    public async Task AppendAsync(FrameDetections frame)
    {
        var maxAge = options.Value.MaxAge;
        if (frame.Detections.Count == 0 || maxAge > TimeSpan.Zero && frame.Timestamp < clock.GetUtcNow() - maxAge)
        {
            return; // nothing a query could return, or already past retention
        }
        if (Pending.Exists(pending => pending.Sequence == frame.Sequence))
        {
            return; // the table ignores a frame stored before; this is one not yet written
        }
        if (Pending.Count == MaxPending)
        {
            LogDropped(logger, this.GetPrimaryKeyString(), Pending[0].Sequence);
            Pending.RemoveAt(0);
        }
        Pending.Add(frame);
        var interval = options.Value.FlushInterval;
        if (interval <= TimeSpan.Zero)
        {
            await FlushAsync();
        }
        else
        {
            _flush ??= this.RegisterGrainTimer(_ => FlushAsync(), new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
        }
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

    private async Task FlushAsync()
    {
        if (Pending.Count == 0)
        {
            // Nothing came since the last write: stop ticking, so an idle log can be collected.
            _flush?.Dispose();
            _flush = null;
            return;
        }
        // The storage empties the list once the rows are in; on failure they stay for the next tick (or query).
        await state.WriteStateAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: detections not stored for minutes; frame {Sequence} dropped to bound memory")]
    private static partial void LogDropped(ILogger logger, string cameraId, long sequence);
}
