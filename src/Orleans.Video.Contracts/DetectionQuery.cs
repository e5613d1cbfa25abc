namespace Orleans.Video;

/// <summary>A query over persisted detections, of one camera or many; results are newest first.</summary>
/// <param name="From">Inclusive lower bound on the frame timestamp; null for no bound.</param>
/// <param name="To">Exclusive upper bound on the frame timestamp; null for now.</param>
/// <param name="Label">Only this label (case-insensitive); null for all.</param>
/// <param name="Limit">Page size, 1..1000.</param>
/// <param name="Before">Paging cursor from a previous page's <see cref="DetectionPage.Next"/>; null for the first page.</param>
[GenerateSerializer, Immutable]
[Alias("video.DetectionQuery")]
public sealed record DetectionQuery(
    [property: Id(0)] DateTimeOffset? From = null,
    [property: Id(1)] DateTimeOffset? To = null,
    [property: Id(2)] string? Label = null,
    [property: Id(3)] int Limit = 100,
    [property: Id(4)] DetectionCursor? Before = null)
{
    public const int MaxLimit = 1000;

    /// <summary>The problem with this query, or null when it can run.</summary>
    public string? Error() =>
        Limit is < 1 or > MaxLimit ? $"limit must be between 1 and {MaxLimit}"
        : From is { } from && To is { } to && from >= to ? "from must be earlier than to"
        : !QueryTimes.InRange(From) || !QueryTimes.InRange(To) || !QueryTimes.InRange(Before?.Timestamp) ? QueryTimes.Rule
        : null;
}

/// <summary>
/// Where the next page starts: after this detection in newest-first order (frame time, camera and sequence descending,
/// then index within the frame). <see cref="CameraId"/> is empty in cursors made before queries spanned cameras; a
/// camera's own log reads those as its own.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("video.DetectionCursor")]
public sealed record DetectionCursor(
    [property: Id(0)] DateTimeOffset Timestamp,
    [property: Id(1)] long Sequence,
    [property: Id(2)] int Index,
    [property: Id(3)] string CameraId = "");

/// <summary>One page of results and the cursor for the next, null at the end.</summary>
[GenerateSerializer, Immutable]
[Alias("video.DetectionPage")]
public sealed record DetectionPage(
    [property: Id(0)] IReadOnlyList<DetectionRecord> Items,
    [property: Id(1)] DetectionCursor? Next);
