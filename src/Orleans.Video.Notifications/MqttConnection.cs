using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace Orleans.Video.Notifications;

/// <summary>
/// A connection to the broker that outlives the broker: messages wait in a bounded queue (the oldest go first when it
/// is full, counted), one loop connects with back-off, publishes at QoS 1 and takes a message off the queue only once
/// the broker has acknowledged it, so a broker that restarts loses nothing the queue held. Runs on the thread pool;
/// <see cref="Enqueue"/> never waits.
/// </summary>
public sealed partial class MqttConnection : IAsyncDisposable
{
    private static readonly TimeSpan FirstReconnectDelay = TimeSpan.FromSeconds(1);

    /// <summary>The broker says the connection is gone after one and a half keep-alive periods without a word.</summary>
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    private readonly MqttOptions _options;
    private readonly MqttTopics _topics;
    private readonly string _clientId;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly Queue<MqttMessage> _queue = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private volatile bool _closing;
    private long _published;
    private long _dropped;
    private int _reconnects;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private DateTimeOffset? _connectedSince;

    public MqttConnection(MqttOptions options, string clientId, ILogger logger, TimeProvider clock)
    {
        _options = options;
        _topics = new MqttTopics(options);
        _clientId = clientId;
        _logger = logger;
        _clock = clock;
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
    }

    public MqttTopics Topics => _topics;

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Queues a message; when the queue is full, the oldest message is dropped and counted.</summary>
    public void Enqueue(MqttMessage message)
    {
        lock (_queue)
        {
            if (_queue.Count >= _options.QueueLimit)
            {
                _queue.Dequeue();
                Interlocked.Increment(ref _dropped);
                NotificationMetrics.MqttDropped.Add(1);
            }
            _queue.Enqueue(message);
            NotificationMetrics.SetMqttQueued(_options.Server!, _queue.Count);
        }
        _wake.Writer.TryWrite(true);
    }

    public MqttStatus Status(string? host)
    {
        int queued;
        lock (_queue)
        {
            queued = _queue.Count;
        }
        return new MqttStatus
        {
            Server = _options.Server!,
            Connected = _client.IsConnected,
            Queued = queued,
            Published = Interlocked.Read(ref _published),
            Dropped = Interlocked.Read(ref _dropped),
            Reconnects = Volatile.Read(ref _reconnects),
            LastError = _lastError,
            LastErrorAt = _lastErrorAt,
            ConnectedSince = _client.IsConnected ? _connectedSince : null,
            Host = host,
        };
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var delay = FirstReconnectDelay;
        var everConnected = false;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (!_client.IsConnected)
                {
                    await ConnectAsync(stop);
                    if (everConnected)
                    {
                        Interlocked.Increment(ref _reconnects);
                    }
                    everConnected = true;
                    delay = FirstReconnectDelay;
                }
                await DrainAsync(stop);
                // Wakes for new messages, and now and then to notice a connection the broker dropped.
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop);
                wait.CancelAfter(KeepAlive);
                try
                {
                    await _wake.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                }
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                Failed(e);
                try
                {
                    await Task.Delay(delay, _clock, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ConnectAsync(CancellationToken stop)
    {
        var (host, port) = _options.Endpoint();
        var will = _topics.Availability(online: false);
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(_clientId)
            .WithCleanSession()
            .WithKeepAlivePeriod(KeepAlive)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithWillTopic(will.Topic)
            .WithWillPayload(will.Payload)
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (!string.IsNullOrEmpty(_options.User))
        {
            builder = builder.WithCredentials(_options.User, _options.Password);
        }
        if (_options.Tls)
        {
            builder = builder.WithTlsOptions(tls => tls.UseTls());
        }
        await _client.ConnectAsync(builder.Build(), stop);
        _connectedSince = _clock.GetUtcNow();
        await PublishAsync(_topics.Availability(online: true), stop);
        // Another connection's last will (an earlier bridge whose silo died) may say "offline" after this one said
        // "online": listening to the topic lets this connection put it right.
        await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(_topics.Available, MqttQualityOfServiceLevel.AtLeastOnce).Build(), stop);
        LogConnected(_logger, _options.Server!);
    }

    private async Task DrainAsync(CancellationToken stop)
    {
        while (TryPeek(out var message))
        {
            var result = await PublishAsync(message, stop);
            lock (_queue)
            {
                // Only this loop takes messages off, and Enqueue only drops from the front when full: the head may have
                // been dropped meanwhile, and then it is not this message any more.
                if (_queue.TryPeek(out var head) && ReferenceEquals(head, message))
                {
                    _queue.Dequeue();
                }
                NotificationMetrics.SetMqttQueued(_options.Server!, _queue.Count);
            }
            if (result.IsSuccess)
            {
                Interlocked.Increment(ref _published);
                NotificationMetrics.MqttPublished.Add(1);
            }
            else
            {
                // The broker answered and refused (not authorised for the topic, say): sending it again cannot help.
                Interlocked.Increment(ref _dropped);
                NotificationMetrics.MqttDropped.Add(1);
                Failed(new InvalidOperationException($"the broker refused a message on {message.Topic}: {result.ReasonCode} {result.ReasonString}"));
            }
        }
    }

    private bool TryPeek(out MqttMessage message)
    {
        lock (_queue)
        {
            return _queue.TryPeek(out message!);
        }
    }

    private Task<MqttClientPublishResult> PublishAsync(MqttMessage message, CancellationToken cancellationToken) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(message.Topic)
            .WithPayload(message.Payload)
            .WithRetainFlag(message.Retain)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build(), cancellationToken);

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        if (!_closing && e.ApplicationMessage.Topic == _topics.Available
            && Encoding.UTF8.GetString(e.ApplicationMessage.Payload) == MqttTopics.Offline)
        {
            Enqueue(_topics.Availability(online: true));
        }
        return Task.CompletedTask;
    }

    private void Failed(Exception e)
    {
        _lastError = e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
        _lastErrorAt = _clock.GetUtcNow();
        LogFailed(_logger, _options.Server!, _lastError);
    }

    /// <summary>Says "offline" and disconnects cleanly (no last will then); what is still queued is reported, not sent.</summary>
    public async ValueTask DisposeAsync()
    {
        _closing = true;
        await _stop.CancelAsync();
        await _loop;
        if (_client.IsConnected)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await DrainAsync(timeout.Token);
                await PublishAsync(_topics.Availability(online: false), timeout.Token);
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), timeout.Token);
            }
            catch (Exception e)
            {
                Failed(e);
            }
        }
        int left;
        lock (_queue)
        {
            left = _queue.Count;
        }
        if (left > 0)
        {
            Interlocked.Add(ref _dropped, left);
            NotificationMetrics.MqttDropped.Add(left);
            LogLeft(_logger, _options.Server!, left);
        }
        NotificationMetrics.ForgetMqtt(_options.Server!);
        _client.Dispose();
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT: connected to {Server}")]
    private static partial void LogConnected(ILogger logger, string server);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT {Server}: {Error}")]
    private static partial void LogFailed(ILogger logger, string server, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT {Server}: {Count} messages were still queued when the connection closed")]
    private static partial void LogLeft(ILogger logger, string server, int count);
}
