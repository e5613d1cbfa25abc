using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Video.Analytics;
using Orleans.Video.Grains.Notifications;
using Orleans.Video.Storage.Results;

namespace Orleans.Video.Grains.Events;

/// <summary>
/// A camera's events: each change upserted as one row through the results storage (snapshots in
/// <see cref="EventSnapshotGrain"/>s), published live, and trimmed by <see cref="EventOptions"/>'s retention whenever a
/// new event arrives and, for cameras nobody touches any more, by a reminder. Only open events stay in memory. Starts,
/// better snapshots and ends go on to the <see cref="Notifier"/> (MQTT, webhooks) once stored.
/// </summary>
[PreferLocalPlacement]
[GrainType("eventlog")]
public sealed partial class EventLogGrain(
    [PersistentState("events", GrainStorageNames.Results)] IPersistentState<EventLogState> state,
    EventStore store,
    Notifier notifier,
    IOptions<EventOptions> options,
    TimeProvider clock,
    ILogger<EventLogGrain> logger) : Grain, IEventLogGrain, IRemindable
{
    private const string RetentionReminder = "event-retention";
    private static readonly TimeSpan MinReminderPeriod = TimeSpan.FromMinutes(1);

    private IAsyncStream<VideoEvent> _live = null!;
    private bool _reminderRegistered;

    /// <summary>
    /// Events stored as new whose start has not been handed to the notifier yet. A batch that fails after it was
    /// stored comes again from the camera, and by then its events are open: without this, their starts were never sent.
    /// </summary>
    private readonly HashSet<string> _startsToSend = [];

    private string CameraId => this.GetPrimaryKeyString();

    private List<VideoEvent> Open => state.State.Open;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _live = this.GetStreamProvider(StreamNames.Provider).GetStream<VideoEvent>(StreamId.Create(StreamNames.Events, CameraId));
        return Task.CompletedTask;
    }

    public async Task RecordAsync(IReadOnlyList<EventUpdate> updates)
    {
        var changes = new List<VideoEvent>(updates.Count);
        var added = false;
        // Which updates start an event or bring a better snapshot: what notifications send besides ends.
        var started = new HashSet<string>();
        var snapshots = new HashSet<string>();
        foreach (var (update, snapshot) in updates)
        {
            if (update.CameraId != CameraId)
            {
                throw new ArgumentException($"event '{update.Id}' belongs to camera '{update.CameraId}', not '{CameraId}'", nameof(updates));
            }
            var open = Open.Find(e => e.Id == update.Id);
            var change = update;
            if (snapshot is { Length: > 0 })
            {
                // The snapshot is written first: an event that says it has one can always show it.
                await Snapshot(update.Id).SetAsync(snapshot);
                change = update with { HasSnapshot = true };
                snapshots.Add(update.Id);
            }
            else if (open is not null)
            {
                change = update with { HasSnapshot = open.HasSnapshot };
            }
            if (open is null)
            {
                added = true;
                started.Add(update.Id);
            }
            changes.Add(change);
        }
        var stored = await SaveAsync(changes);
        _startsToSend.UnionWith(stored.Select(e => e.Id).Where(started.Contains));
        if (added)
        {
            await TrimAsync();
        }
        foreach (var e in stored)
        {
            await PublishAsync(e);
        }
        // An event that starts and improves in one batch is one start: the first of its changes says it.
        await NotifyAsync(stored.SelectMany(e => EventNotice.From(e, _startsToSend.Remove(e.Id), snapshots.Remove(e.Id))));
    }

    public async Task CloseOpenAsync()
    {
        if (Open.Count == 0)
        {
            return;
        }
        var closed = Open.Select(e => e with { End = e.LastSeen < e.Start ? e.Start : e.LastSeen }).ToList();
        var stored = await SaveAsync(closed);
        foreach (var e in stored)
        {
            await PublishAsync(e);
        }
        await NotifyAsync(stored.SelectMany(e => EventNotice.From(e, _startsToSend.Remove(e.Id), newSnapshot: false)));
    }

    public Task<EventPage> QueryAsync(EventQuery query) => store.QueryAsync([CameraId], query);

    public async Task<byte[]?> GetSnapshotAsync(string eventId) =>
        await store.GetAsync(CameraId, eventId) is { HasSnapshot: true } ? await Snapshot(eventId).GetAsync() : null;

    public Task<VideoEvent?> GetEventAsync(string eventId) => store.GetAsync(CameraId, eventId);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RetentionReminder)
        {
            return;
        }
        await TrimAsync();
        if (Open.Count == 0 && (await store.QueryAsync([CameraId], new EventQuery(Limit: 1))).Items.Count == 0
            && await this.GetReminder(RetentionReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            _reminderRegistered = false;
        }
    }

    /// <summary>Stores <paramref name="changes"/> and keeps the open ones in memory; returns them as stored, without those that had ended before.</summary>
    private async Task<List<VideoEvent>> SaveAsync(List<VideoEvent> changes)
    {
        state.State.Changes = changes;
        await state.WriteStateAsync();
        var stored = state.State.Changes;
        state.State.Changes = [];
        foreach (var e in stored)
        {
            Open.RemoveAll(open => open.Id == e.Id);
            if (e.End is null)
            {
                Open.Add(e);
            }
        }
        if (!_reminderRegistered)
        {
            // Cameras that stop still have their events aged out: the reminder outlives this activation. The batch is
            // stored by now: a failure here is tried again at the next batch, never sent back to the camera.
            var period = options.Value.CheckInterval < MinReminderPeriod ? MinReminderPeriod : options.Value.CheckInterval;
            try
            {
                await this.RegisterOrUpdateReminder(RetentionReminder, period, period);
                _reminderRegistered = true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogReminderNotRegistered(logger, CameraId, ex.Message);
            }
        }
        return stored;
    }

    /// <summary>Removes what retention no longer keeps, then the removed events' snapshots.</summary>
    private async Task TrimAsync()
    {
        List<(string Id, bool HasSnapshot)> removed;
        try
        {
            removed = await store.TrimAsync(CameraId, clock.GetUtcNow() - options.Value.MaxAge, options.Value.MaxPerCamera);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The batch that asked is stored: retention is tried again at the next new event and by the reminder.
            LogNotTrimmed(logger, CameraId, ex.Message);
            return;
        }
        foreach (var (eventId, _) in removed.Where(e => e.HasSnapshot))
        {
            try
            {
                await Snapshot(eventId).ClearAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A snapshot left behind costs disk, not correctness: the event that pointed to it is gone.
                LogSnapshotNotCleared(logger, CameraId, eventId, ex.Message);
            }
        }
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

    private async Task NotifyAsync(IEnumerable<EventNotice> notices)
    {
        try
        {
            await notifier.EventsAsync([.. notices]);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The events are stored; notifications are counted and logged where they fail.
            LogNotifyFailed(logger, CameraId, ex.Message);
        }
    }

    private IEventSnapshotGrain Snapshot(string eventId) =>
        GrainFactory.GetGrain<IEventSnapshotGrain>(EventSnapshotGrain.Key(CameraId, eventId));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: snapshot of removed event {EventId} not cleared: {Error}")]
    private static partial void LogSnapshotNotCleared(ILogger logger, string cameraId, string eventId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: event {EventId} not published live: {Error}")]
    private static partial void LogPublishFailed(ILogger logger, string cameraId, string eventId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: events not trimmed by retention (tried again at the next event): {Error}")]
    private static partial void LogNotTrimmed(ILogger logger, string cameraId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: the event retention reminder is not registered (tried again at the next batch): {Error}")]
    private static partial void LogReminderNotRegistered(ILogger logger, string cameraId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: event updates not handed to notifications: {Error}")]
    private static partial void LogNotifyFailed(ILogger logger, string cameraId, string error);
}
