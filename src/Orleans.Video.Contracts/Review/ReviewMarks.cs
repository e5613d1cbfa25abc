namespace Orleans.Video;

/// <summary>What a key has reviewed in a time range: everything that started before <see cref="ReviewedUntil"/>, and the events in <see cref="Events"/> (keys of <see cref="ReviewedEvent.Of"/>).</summary>
[GenerateSerializer, Immutable]
[Alias("video.ReviewMarks")]
public sealed record ReviewMarks(
    [property: Id(0)] DateTimeOffset? ReviewedUntil,
    [property: Id(1)] HashSet<string> Events)
{
    public bool IsReviewed(string cameraId, string eventId, DateTimeOffset start) =>
        start < ReviewedUntil || Events.Contains(ReviewedEvent.Of(cameraId, eventId));
}
