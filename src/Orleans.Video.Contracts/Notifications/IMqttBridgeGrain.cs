using Orleans.Concurrency;

namespace Orleans.Video;

/// <summary>
/// The cluster's one MQTT connection (a single grain, key <see cref="Key"/>, active while <c>Notifications:Mqtt:Server</c>
/// is set): event updates and camera states go out through its bounded queue, and its last will says when it is gone.
/// </summary>
[Alias("video.IMqttBridgeGrain")]
public interface IMqttBridgeGrain : IGrainWithStringKey
{
    public const string Key = "mqtt";

    /// <summary>Queues the notices; returns at once (a broker that is down never holds up the event log).</summary>
    [OneWay]
    [Alias("PublishEvents")]
    Task PublishEventsAsync(IReadOnlyList<EventNotice> notices);

    [OneWay]
    [Alias("PublishCameraState")]
    Task PublishCameraStateAsync(CameraStateNotice notice);

    /// <summary>Activates the bridge, which connects and says the cluster is available.</summary>
    [Alias("EnsureStarted")]
    Task EnsureStartedAsync();

    [AlwaysInterleave]
    [Alias("GetStatus")]
    Task<MqttStatus> GetStatusAsync();
}

/// <summary>The MQTT connection as <c>GET /api/notifications</c> shows it.</summary>
[GenerateSerializer, Immutable]
[Alias("video.MqttStatus")]
public sealed record MqttStatus
{
    [Id(0)] public required string Server { get; init; }
    [Id(1)] public required bool Connected { get; init; }

    /// <summary>Messages waiting for the broker (at most <c>Notifications:Mqtt:QueueLimit</c>).</summary>
    [Id(2)] public int Queued { get; init; }
    [Id(3)] public long Published { get; init; }

    /// <summary>Messages given up because the queue was full while the broker was away: counted, never silent.</summary>
    [Id(4)] public long Dropped { get; init; }
    [Id(5)] public int Reconnects { get; init; }
    [Id(6)] public string? LastError { get; init; }
    [Id(7)] public DateTimeOffset? LastErrorAt { get; init; }
    [Id(8)] public DateTimeOffset? ConnectedSince { get; init; }

    /// <summary>The silo the connection is on.</summary>
    [Id(9)] public string? Host { get; init; }
}
