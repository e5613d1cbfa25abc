using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Video.Notifications;
using Orleans.Video.Storage.Notifications;

namespace Orleans.Video.Grains.Notifications;

/// <summary>
/// Hands what the event logs and cameras report to the configured notifications: every event update to the MQTT
/// bridge, and to the outbox of each webhook target that wants it (then wakes the target's grain); camera states to
/// MQTT. Nothing here ever fails the caller: an event is stored before it is notified, and stays stored.
/// </summary>
public sealed partial class Notifier(IOptions<NotificationsOptions> options, WebhookOutbox outbox, IGrainFactory grains, ILogger<Notifier> logger)
{
    private NotificationsOptions Options => options.Value;

    /// <summary>Called by the event log once the events are stored; completes when the webhook deliveries are in the outbox.</summary>
    public async Task EventsAsync(IReadOnlyList<EventNotice> notices)
    {
        if (notices.Count == 0)
        {
            return;
        }
        if (Options.Mqtt.Enabled)
        {
            // One-way: the bridge queues, and a broker that is away never holds up the event log.
            await grains.GetGrain<IMqttBridgeGrain>(IMqttBridgeGrain.Key).PublishEventsAsync(notices);
        }
        if (Options.Webhooks.Count == 0)
        {
            return;
        }
        var entries = (
            from target in Options.Webhooks
            from notice in notices
            where target.Wants(notice.Event)
            select new OutboxEntry(target.DisplayName, notice.IdempotencyKey, EventType(notice), NotificationPayload.Event(notice))).ToList();
        if (entries.Count == 0)
        {
            return;
        }
        try
        {
            var trimmed = await outbox.AddAsync(entries, Options.OutboxLimit);
            foreach (var (target, count) in trimmed)
            {
                NotificationMetrics.WebhookDropped.Add(count, NotificationMetrics.Target(target));
                LogTrimmed(logger, target, count, Options.OutboxLimit);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database is away: the events themselves were stored a moment ago, so it is rarely this alone.
            NotificationMetrics.WebhookDropped.Add(entries.Count);
            LogNotQueued(logger, entries.Count, e.Message);
            return;
        }
        foreach (var target in entries.Select(entry => entry.Target).Distinct())
        {
            await grains.GetGrain<IWebhookGrain>(target).WakeAsync();
        }
    }

    /// <summary>A camera's state changed; published (retained) on MQTT.</summary>
    public Task CameraStateAsync(CameraStateNotice notice) =>
        Options.Mqtt.Enabled ? grains.GetGrain<IMqttBridgeGrain>(IMqttBridgeGrain.Key).PublishCameraStateAsync(notice) : Task.CompletedTask;

    /// <summary>"event.start", "event.snapshot" or "event.end": the X-Event-Type header.</summary>
    public static string EventType(EventNotice notice) => $"event.{notice.Kind.ToString().ToLowerInvariant()}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Target}: the outbox was over {Limit}; the oldest {Count} deliveries were dropped")]
    private static partial void LogTrimmed(ILogger logger, string target, long count, int limit);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} webhook deliveries could not be added to the outbox: {Error}")]
    private static partial void LogNotQueued(ILogger logger, int count, string error);
}
