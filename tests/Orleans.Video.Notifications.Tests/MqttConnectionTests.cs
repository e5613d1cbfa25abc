using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Video.Notifications;
using Orleans.Video.TestSupport;

namespace Orleans.Video.Notifications.Tests;

/// <summary>The MQTT connection against Debian's mosquitto on loopback: availability, a broker restart, a full queue.</summary>
public sealed class MqttConnectionTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly MosquittoBroker _broker = new();

    private MqttOptions Options(int queueLimit = 1000) => new()
    {
        Server = _broker.Server,
        Prefix = "tests",
        QueueLimit = queueLimit,
        MaxReconnectDelay = TimeSpan.FromSeconds(1),
    };

    private static MqttConnection Connect(MqttOptions options) =>
        new(options, $"conn-{Guid.NewGuid():N}"[..20], NullLogger.Instance, TimeProvider.System);

    private static MqttMessage Numbered(int i) => new($"tests/cam/events", Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Retain: false);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task The_connection_says_online_while_it_is_up_and_offline_when_it_closes()
    {
        await _broker.StartAsync();
        var connection = Connect(Options());
        connection.Start();
        await using (var watcher = new MqttSubscriber(_broker.Server, "tests/available"))
        {
            // A subscriber that was there before "online" was said gets it as a live message, not as retained (a busy
            // machine starts the connection late): once anyone has seen it, a subscriber arriving after gets it retained.
            await watcher.ConnectAsync(Patience);
            await Eventually.TrueAsync(() => watcher.Received.Any(m => m.Text == MqttTopics.Online), Patience, "no online");
        }
        await using (var retained = new MqttSubscriber(_broker.Server, "tests/available"))
        {
            await retained.ConnectAsync(Patience);
            await Eventually.TrueAsync(() => retained.Received.Any(m => m is { Text: MqttTopics.Online, Retain: true }), Patience, "no retained online");
        }
        Assert.True(connection.Status(null).Connected);
        await connection.DisposeAsync();

        // A new subscriber gets the retained value: offline, said by the connection as it closed.
        await using var late = new MqttSubscriber(_broker.Server, "tests/available");
        await late.ConnectAsync(Patience);
        await Eventually.TrueAsync(() => late.Received.Any(), Patience, "no retained availability");
        Assert.Equal(MqttTopics.Offline, late.Received.Last().Text);
    }

    [Fact]
    public async Task A_broker_restart_loses_nothing_the_queue_held()
    {
        await _broker.StartAsync();
        await using var subscriber = new MqttSubscriber(_broker.Server, "tests/cam/events");
        await subscriber.ConnectAsync(Patience);
        await using var connection = Connect(Options());
        connection.Start();
        for (var i = 0; i < 50; i++)
        {
            connection.Enqueue(Numbered(i));
        }
        await Eventually.TrueAsync(() => connection.Status(null).Published >= 50, Patience, "first 50 not published");

        await _broker.StopAsync();
        for (var i = 50; i < 100; i++)
        {
            connection.Enqueue(Numbered(i));
        }
        Assert.False(connection.Status(null).Connected);
        await _broker.StartAsync();
        await subscriber.ConnectAsync(Patience);

        await Eventually.TrueAsync(() => subscriber.Received.Select(m => m.Text).Distinct().Count() == 100, Patience,
            () => $"received {subscriber.Received.Select(m => m.Text).Distinct().Count()} of 100; status {connection.Status(null)}");
        var status = connection.Status(null);
        Assert.Equal(0, status.Dropped);
        Assert.True(status.Reconnects >= 1, $"reconnects {status.Reconnects}");
        Assert.NotNull(status.LastError);
    }

    [Fact]
    public async Task What_does_not_fit_the_queue_while_the_broker_is_away_is_counted_and_the_newest_are_kept()
    {
        await using var connection = Connect(Options(queueLimit: 10));
        connection.Start();
        for (var i = 0; i < 25; i++)
        {
            connection.Enqueue(Numbered(i));
        }
        var away = connection.Status(null);
        Assert.Equal(10, away.Queued);
        Assert.Equal(15, away.Dropped);
        await Eventually.TrueAsync(() => connection.Status(null).LastError is not null, Patience, "no error while the broker is away");

        // A subscriber with a session from before (queued QoS 1 messages reach it when it comes back).
        await _broker.StartAsync();
        await using var subscriber = new MqttSubscriber(_broker.Server, "tests/cam/events");
        await subscriber.ConnectAsync(Patience);
        await Eventually.TrueAsync(() => connection.Status(null).Published == 10 || subscriber.Received.Count >= 10, Patience, () => $"status {connection.Status(null)}");
        Assert.Equal(0, connection.Status(null).Queued);
    }
}
