using System.Buffers;
using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Protocol;

namespace Orleans.Video.TestSupport;

/// <summary>
/// An MQTT client that records what arrives on a topic filter. Its session is persistent (fixed client id, no clean
/// session, QoS 1), so messages published while the broker restarts reach it once it reconnects.
/// </summary>
public sealed class MqttSubscriber : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly string _server;
    private readonly string _filter;
    private readonly string _clientId = $"test-{Guid.NewGuid():N}"[..20];

    public MqttSubscriber(string server, string filter)
    {
        _server = server;
        _filter = filter;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            Received.Enqueue(new ReceivedMqtt(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
    }

    public ConcurrentQueue<ReceivedMqtt> Received { get; } = new();

    public bool IsConnected => _client.IsConnected;

    /// <summary>Connects (again) and subscribes; after a broker restart the session resumes and queued messages arrive.</summary>
    public async Task ConnectAsync(TimeSpan timeout)
    {
        var colon = _server.LastIndexOf(':');
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var options = new MqttClientOptionsBuilder()
                    .WithTcpServer(_server[..colon], int.Parse(_server[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture))
                    .WithClientId(_clientId)
                    .WithCleanSession(false)
                    // MQTT 5 (MQTTnet's default) ends a session with its connection unless it is given an expiry: without
                    // one, what is published before this client is back (the bridge reconnecting first) is not kept for it.
                    .WithSessionExpiryInterval(3600)
                    .Build();
                await _client.ConnectAsync(options);
                await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(_filter, MqttQualityOfServiceLevel.AtLeastOnce).Build());
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }
        _client.Dispose();
    }
}

public sealed record ReceivedMqtt(string Topic, byte[] Payload, bool Retain)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Payload);
}
