using Orleans.Concurrency;

namespace Orleans.Video;

/// <summary>
/// Delivers one webhook target's outbox (key = the target's name), one request at a time and in order, retrying with
/// back-off; a reminder brings it back while deliveries wait, after its silo died too.
/// </summary>
[Alias("video.IWebhookGrain")]
public interface IWebhookGrain : IGrainWithStringKey
{
    /// <summary>New deliveries are in the outbox: send them now rather than at the next check.</summary>
    [OneWay]
    [Alias("Wake")]
    Task WakeAsync();

    [AlwaysInterleave]
    [Alias("GetStatus")]
    Task<WebhookStatus> GetStatusAsync();
}

/// <summary>A webhook target's deliveries as <c>GET /api/notifications</c> shows them.</summary>
[GenerateSerializer, Immutable]
[Alias("video.WebhookStatus")]
public sealed record WebhookStatus
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required string Url { get; init; }

    /// <summary>Deliveries in the outbox, not yet accepted by the receiver.</summary>
    [Id(2)] public long Pending { get; init; }
    [Id(3)] public DateTimeOffset? OldestPending { get; init; }

    /// <summary>Attempts so far at the delivery at the head of the outbox, and when the next one is due.</summary>
    [Id(4)] public int Attempts { get; init; }
    [Id(5)] public DateTimeOffset? NextAttempt { get; init; }

    /// <summary>Accepted by the receiver (2xx).</summary>
    [Id(6)] public long Delivered { get; init; }

    /// <summary>Refused by the receiver with a 4xx other than 408 and 429: sending the same request again cannot help.</summary>
    [Id(7)] public long Rejected { get; init; }

    /// <summary>Pushed out of a full outbox (<c>Notifications:OutboxLimit</c>), or older than <c>Notifications:MaxDeliveryAge</c>.</summary>
    [Id(8)] public long Dropped { get; init; }
    [Id(9)] public DateTimeOffset? LastDelivered { get; init; }
    [Id(10)] public string? LastError { get; init; }
    [Id(11)] public DateTimeOffset? LastErrorAt { get; init; }
}
