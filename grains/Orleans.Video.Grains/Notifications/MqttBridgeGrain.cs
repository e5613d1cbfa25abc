using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Video.Notifications;

namespace Orleans.Video.Grains.Notifications;

/// <summary>
/// Owns the cluster's <see cref="MqttConnection"/>: one connection, so "{prefix}/available" and its last will speak for
/// the cluster, not for one silo of many. Stays active while MQTT is configured; a reminder brings it back within a
/// minute after its silo died (the first event or camera state after that brings it back at once).
/// </summary>
[GrainType("mqtt-bridge")]
public sealed class MqttBridgeGrain(
    IOptions<NotificationsOptions> options,
    TimeProvider clock,
    ILogger<MqttBridgeGrain> logger) : Grain, IMqttBridgeGrain, IRemindable
{
    private const string KeepAliveReminder = "keep-alive";
    private static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromMinutes(1);

    private readonly HashSet<string> _discovered = [];
    private MqttConnection? _connection;

    private MqttOptions Mqtt => options.Value.Mqtt;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!Mqtt.Enabled)
        {
            return;
        }
        // A client id of its own per activation: the broker never confuses this connection with an earlier one.
        _connection = new MqttConnection(Mqtt, $"orleans-video-{Guid.NewGuid():N}"[..23], logger, clock);
        _connection.Start();
        // A timer that keeps the activation (and so the connection) alive: idle collection would say "offline".
        this.RegisterGrainTimer(() => Task.CompletedTask, new GrainTimerCreationOptions(KeepAlivePeriod, KeepAlivePeriod) { KeepAlive = true });
        await this.RegisterOrUpdateReminder(KeepAliveReminder, KeepAlivePeriod, KeepAlivePeriod);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    public Task PublishEventsAsync(IReadOnlyList<EventNotice> notices)
    {
        if (_connection is { } connection)
        {
            foreach (var notice in notices)
            {
                Discover(connection, notice.Event.CameraId);
                connection.Enqueue(connection.Topics.Event(notice));
            }
        }
        return Task.CompletedTask;
    }

    public Task PublishCameraStateAsync(CameraStateNotice notice)
    {
        if (_connection is { } connection)
        {
            Discover(connection, notice.CameraId);
            connection.Enqueue(connection.Topics.CameraState(notice));
        }
        return Task.CompletedTask;
    }

    public Task EnsureStartedAsync() => Task.CompletedTask;

    public Task<MqttStatus> GetStatusAsync() => Task.FromResult(_connection?.Status(RuntimeIdentity) ?? new MqttStatus
    {
        Server = "",
        Connected = false,
        LastError = "MQTT is not configured on this silo (Notifications:Mqtt:Server)",
    });

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == KeepAliveReminder && !Mqtt.Enabled && await this.GetReminder(KeepAliveReminder) is { } reminder)
        {
            // MQTT was turned off: nothing to keep alive any more.
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>Home Assistant's discovery messages for a camera, once per activation (they are retained).</summary>
    private void Discover(MqttConnection connection, string cameraId)
    {
        if (Mqtt.HomeAssistant && _discovered.Add(cameraId))
        {
            foreach (var message in connection.Topics.Discovery(cameraId))
            {
                connection.Enqueue(message);
            }
        }
    }
}
