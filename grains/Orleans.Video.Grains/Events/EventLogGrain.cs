using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Streams;

namespace Orleans.Video.Grains.Events;

/// <summary>
/// A camera's events: stored (list here, snapshots in <see cref="EventSnapshotGrain"/>s), published live,
/// and trimmed by <see cref="EventRetentionOptions"/> on every write and query and, for cameras nobody
/// touches any more, by a reminder.
/// </summary>
[GrainType("eventlog")]
public sealed partial class EventLogGrain(
    [PersistentState("events", GrainStorageNames.Video)] IPersistentState<EventLogRecord> state,
    IOptions<EventRetentionOptions> options,
    TimeProvider clock,
    ILogger<EventLogGrain> logger) : Grain, IEventLogGrain, IRemindable
{
    private const string RetentionReminder = "event-retention";
    private static readonly TimeSpan MinReminderPeriod = TimeSpan.FromMinutes(1);

    private IAsyncStream<VideoEvent> _live = null!;
    private bool _reminderRegistered;

    private string CameraId => this.GetPrimaryKeyString();

    private List<VideoEvent> Events => state.State.Events;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _live = this.GetStreamProvider(StreamNames.Provider).GetStream<VideoEvent>(StreamId.Create(StreamNames.Events, CameraId));
        return Task.CompletedTask;
    }

    public async Task RecordAsync(IReadOnlyList<EventUpdate> updates)
    {
        var changed = new List<VideoEvent>(updates.Count);
        foreach (var (update, snapshot) in updates)
        {
            if (update.CameraId != CameraId)
            {
                throw new ArgumentException($"event '{update.Id}' belongs to camera '{update.CameraId}', not '{CameraId}'", nameof(updates));
            }
            var index = Events.FindIndex(e => e.Id == update.Id);
            if (index >= 0 && Events[index].End is not null)
            {
                continue;
            }
            var stored = update;
            if (snapshot is { Length: > 0 })
            {
                // The snapshot is written first: an event that says it has one can always show it.
                await Snapshot(update.Id).SetAsync(snapshot);
                stored = update with { HasSnapshot = true };
            }
            else if (index >= 0)
            {
                stored = update with { HasSnapshot = Events[index].HasSnapshot };
            }
            if (index >= 0)
            {
                Events[index] = stored;
            }
            else
            {
                Insert(stored);
            }
            changed.Add(stored);
        }
        if (changed.Count == 0)
        {
            return;
        }
        await SaveAsync();
        foreach (var e in changed)
        {
            await PublishAsync(e);
        }
    }

    public async Task CloseOpenAsync()
    {
        var closed = new List<VideoEvent>();
        for (var i = 0; i < Events.Count; i++)
        {
            if (Events[i].End is null)
            {
                Events[i] = Events[i] with { End = Events[i].LastSeen < Events[i].Start ? Events[i].Start : Events[i].LastSeen };
                closed.Add(Events[i]);
            }
        }
        if (closed.Count > 0)
        {
            await SaveAsync();
            foreach (var e in closed)
            {
                await PublishAsync(e);
            }
        }
    }

    public async Task<EventPage> QueryAsync(EventQuery query)
    {
        if (query.Error() is { } error)
        {
            throw new ArgumentException(error, nameof(query));
        }
        if (Events.Count > 0 && await TrimAsync())
        {
            await state.WriteStateAsync();
        }
        var items = Events.Where(query.Matches).Take(query.Limit).ToArray();
        return new EventPage(items, items.Length == query.Limit ? EventCursor.After(items[^1]) : null);
    }

    public async Task<byte[]?> GetSnapshotAsync(string eventId) =>
        Events.Any(e => e.Id == eventId && e.HasSnapshot) ? await Snapshot(eventId).GetAsync() : null;

    public Task<VideoEvent?> GetEventAsync(string eventId) => Task.FromResult(Events.FirstOrDefault(e => e.Id == eventId));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RetentionReminder)
        {
            return;
        }
        if (await TrimAsync())
        {
            await state.WriteStateAsync();
        }
        if (Events.Count == 0 && await this.GetReminder(RetentionReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            _reminderRegistered = false;
        }
    }

    /// <summary>Keeps the list newest first by start, as queries return it.</summary>
    private void Insert(VideoEvent e)
    {
        var at = 0;
        while (at < Events.Count && EventCursor.Order(Events[at], e) < 0)
        {
            at++;
        }
        Events.Insert(at, e);
    }

    private async Task SaveAsync()
    {
        await TrimAsync();
        await state.WriteStateAsync();
        if (!_reminderRegistered)
        {
            // Cameras that stop still have their events aged out: the reminder outlives this activation.
            var period = options.Value.CheckInterval < MinReminderPeriod ? MinReminderPeriod : options.Value.CheckInterval;
            await this.RegisterOrUpdateReminder(RetentionReminder, period, period);
            _reminderRegistered = true;
        }
    }

    /// <summary>Removes what retention no longer keeps, snapshots first; true when anything went.</summary>
    private async Task<bool> TrimAsync()
    {
        var removed = EventRetention.Trim(Events, options.Value, clock.GetUtcNow());
        foreach (var e in removed.Where(e => e.HasSnapshot))
        {
            try
            {
                await Snapshot(e.Id).ClearAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A snapshot left behind costs disk, not correctness: the event that pointed to it is gone.
                LogSnapshotNotCleared(logger, CameraId, e.Id, ex.Message);
            }
        }
        return removed.Count > 0;
    }

    private async Task PublishAsync(VideoEvent e)
    {
        try
        {
            await _live.OnNextAsync(e);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Live delivery is best effort; the event is stored.
            LogPublishFailed(logger, CameraId, e.Id, ex.Message);
        }
    }

    private IEventSnapshotGrain Snapshot(string eventId) =>
        GrainFactory.GetGrain<IEventSnapshotGrain>(EventSnapshotGrain.Key(CameraId, eventId));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: snapshot of removed event {EventId} not cleared: {Error}")]
    private static partial void LogSnapshotNotCleared(ILogger logger, string cameraId, string eventId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: event {EventId} not published live: {Error}")]
    private static partial void LogPublishFailed(ILogger logger, string cameraId, string eventId, string error);
}
