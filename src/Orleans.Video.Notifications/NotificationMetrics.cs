using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Orleans.Video.Notifications;

/// <summary>Notification instruments: MQTT messages and webhook deliveries, tagged by target; backlogs as gauges.</summary>
public static class NotificationMetrics
{
    public static readonly Counter<long> MqttPublished =
        VideoMeter.Meter.CreateCounter<long>("orleans_video.mqtt.published", "{message}", "MQTT messages the broker accepted");

    public static readonly Counter<long> MqttDropped =
        VideoMeter.Meter.CreateCounter<long>("orleans_video.mqtt.dropped", "{message}", "MQTT messages given up: the queue was full while the broker was away, or the broker refused them");

    public static readonly Counter<long> WebhookDeliveries =
        VideoMeter.Meter.CreateCounter<long>("orleans_video.webhook.deliveries", "{request}", "Webhook delivery attempts, by target and outcome (delivered, failed, rejected)");

    public static readonly Counter<long> WebhookDropped =
        VideoMeter.Meter.CreateCounter<long>("orleans_video.webhook.dropped", "{delivery}", "Webhook deliveries dropped from a full outbox or for age");

    /// <summary>Backlogs this silo knows of: the MQTT queue when the bridge is here, each webhook target whose grain is here.</summary>
    private static readonly ConcurrentDictionary<string, long> MqttQueues = new();
    private static readonly ConcurrentDictionary<string, long> WebhookBacklogs = new();

    static NotificationMetrics()
    {
        VideoMeter.Meter.CreateObservableGauge("orleans_video.mqtt.queued", () =>
            MqttQueues.Select(q => new Measurement<long>(q.Value, new KeyValuePair<string, object?>("server", q.Key))),
            "{message}", "MQTT messages waiting for the broker");
        VideoMeter.Meter.CreateObservableGauge("orleans_video.webhook.pending", () =>
            WebhookBacklogs.Select(b => new Measurement<long>(b.Value, Target(b.Key))),
            "{delivery}", "Webhook deliveries in the outbox, not yet accepted");
    }

    public static void SetMqttQueued(string server, long queued) => MqttQueues[server] = queued;

    public static void ForgetMqtt(string server) => MqttQueues.TryRemove(server, out _);

    public static void SetWebhookPending(string target, long pending) => WebhookBacklogs[target] = pending;

    public static void ForgetWebhook(string target) => WebhookBacklogs.TryRemove(target, out _);

    public static KeyValuePair<string, object?> Target(string target) => new("target", target);
}
