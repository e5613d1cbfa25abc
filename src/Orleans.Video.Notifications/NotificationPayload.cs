using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Video.Notifications;

/// <summary>
/// The JSON MQTT and webhooks carry. An event update names its kind ("start", "snapshot", "end"), its idempotency key
/// and the event as the HTTP API shows it, with the snapshot's path on the API when there is one.
/// </summary>
public static class NotificationPayload
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public sealed record EventBody(string Type, string Key, string Camera, EventBodyEvent Event);

    public sealed record EventBodyEvent(
        string Id, EventKind Kind, string Label, long TrackId, long TrackNumber, string? Zone, DateTimeOffset Start, DateTimeOffset? End,
        DateTimeOffset LastSeen, float BestScore, float X, float Y, float Width, float Height, string? Snapshot);

    public sealed record StateBody(string Camera, CameraState State, string? Error, DateTimeOffset At);

    public static byte[] Event(EventNotice notice)
    {
        var e = notice.Event;
        return JsonSerializer.SerializeToUtf8Bytes(new EventBody(
            notice.Kind.ToString().ToLowerInvariant(), notice.IdempotencyKey, e.CameraId,
            new EventBodyEvent(e.Id, e.Kind, e.Label, e.TrackId, e.ShownTrackNumber, e.Zone, e.Start, e.End, e.LastSeen, e.BestScore,
                e.BestBox.X, e.BestBox.Y, e.BestBox.Width, e.BestBox.Height,
                e.HasSnapshot ? $"/api/cameras/{Uri.EscapeDataString(e.CameraId)}/events/{Uri.EscapeDataString(e.Id)}/snapshot" : null)),
            Json);
    }

    public static byte[] State(CameraStateNotice notice) =>
        JsonSerializer.SerializeToUtf8Bytes(new StateBody(notice.CameraId, notice.State, notice.Error, notice.At), Json);

    /// <summary>Reads what <see cref="Event"/> wrote (receivers in tests, the CLI).</summary>
    public static EventBody? ReadEvent(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<EventBody>(json, Json);

    public static StateBody? ReadState(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<StateBody>(json, Json);
}
