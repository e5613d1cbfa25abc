namespace Orleans.Video;

/// <summary>A query over persisted events, of one camera or many; results are newest first (by start time).</summary>
/// <param name="From">Events that were still going on at or after this time; null for no bound.</param>
/// <param name="To">Events that started before this time; null for now.</param>
/// <param name="Label">Only this label (case-insensitive); null for all.</param>
/// <param name="Zone">Only events in this zone (case-insensitive); null for all.</param>
/// <param name="Kind">Only this kind; null for all.</param>
/// <param name="Limit">Page size, 1..<see cref="MaxLimit"/>.</param>
/// <param name="Before">Paging cursor from a previous page's <see cref="EventPage.Next"/>; null for the first page.</param>
[GenerateSerializer, Immutable]
[Alias("video.EventQuery")]
public sealed record EventQuery(
    [property: Id(0)] DateTimeOffset? From = null,
    [property: Id(1)] DateTimeOffset? To = null,
    [property: Id(2)] string? Label = null,
    [property: Id(3)] string? Zone = null,
    [property: Id(4)] EventKind? Kind = null,
    [property: Id(5)] int Limit = 100,
    [property: Id(6)] EventCursor? Before = null)
{
    public const int MaxLimit = 1000;

    /// <summary>The problem with this query, or null when it can run.</summary>
    public string? Error() =>
        Limit is < 1 or > MaxLimit ? $"limit must be between 1 and {MaxLimit}"
        : From is { } from && To is { } to && from >= to ? "from must be earlier than to"
        : !QueryTimes.InRange(From) || !QueryTimes.InRange(To) || !QueryTimes.InRange(Before?.Start) ? QueryTimes.Rule
        : null;
}

/// <summary>Where the next page starts: after this event in newest-first order (start, camera and id, all descending).</summary>
[GenerateSerializer, Immutable]
[Alias("video.EventCursor")]
public sealed record EventCursor(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] string CameraId,
    [property: Id(2)] string Id)
{
    public static EventCursor After(VideoEvent e) => new(e.Start, e.CameraId, e.Id);

    /// <summary>Negative when <paramref name="e"/> comes before the cursor in newest-first order, positive after it.</summary>
    public static int Compare(VideoEvent e, EventCursor cursor)
    {
        var byStart = cursor.Start.CompareTo(e.Start);
        if (byStart != 0)
        {
            return byStart;
        }
        var byCamera = string.CompareOrdinal(cursor.CameraId, e.CameraId);
        return byCamera != 0 ? byCamera : string.CompareOrdinal(cursor.Id, e.Id);
    }

    /// <summary>Newest-first order of events, the order every query returns.</summary>
    public static int Order(VideoEvent a, VideoEvent b) => Compare(a, After(b));
}

/// <summary>One page of events and the cursor for the next, null at the end.</summary>
[GenerateSerializer, Immutable]
[Alias("video.EventPage")]
public sealed record EventPage(
    [property: Id(0)] IReadOnlyList<VideoEvent> Items,
    [property: Id(1)] EventCursor? Next);
