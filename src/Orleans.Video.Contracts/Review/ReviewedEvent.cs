namespace Orleans.Video;

/// <summary>An event marked reviewed: its camera, its id, and when it started (marks before the key's "reviewed until" are dropped).</summary>
[GenerateSerializer, Immutable]
[Alias("video.ReviewedEvent")]
public sealed record ReviewedEvent(
    [property: Id(0)] string CameraId,
    [property: Id(1)] string EventId,
    [property: Id(2)] DateTimeOffset Start)
{
    /// <summary>How marks are keyed: an event id is unique within its camera.</summary>
    public string Key => Of(CameraId, EventId);

    public static string Of(string cameraId, string eventId) => $"{cameraId}/{eventId}";
}
