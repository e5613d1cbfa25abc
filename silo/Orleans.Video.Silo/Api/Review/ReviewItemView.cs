namespace Orleans.Video.Silo.Api.Review;

/// <summary>
/// One review item: overlapping events of one camera, from the first one's start to the last one's end (null while one
/// lasts). <see cref="Id"/> is the first event's key (<c>camera/event</c>); <see cref="Snapshot"/> the best event's.
/// </summary>
public sealed record ReviewItemView(
    string Id,
    string CameraId,
    DateTimeOffset Start,
    DateTimeOffset? End,
    string Severity,
    IReadOnlyList<string> Labels,
    IReadOnlyList<string> Zones,
    bool Reviewed,
    string? Snapshot,
    IReadOnlyList<EventView> Events)
{
    public const string Alert = "alert";
    public const string Detection = "detection";
}

/// <summary>A page of review items (newest first) and whether the range held more events than were read.</summary>
public sealed record ReviewPageView(IReadOnlyList<ReviewItemView> Items, bool Truncated);

/// <summary>Unreviewed items since <see cref="Since"/>, by severity: the header's count.</summary>
public sealed record ReviewSummaryView(DateTimeOffset Since, int Alerts, int Detections, bool Truncated);

/// <summary>
/// Body of <c>POST /api/review/reviewed</c>: the events to mark (each with its camera, id and start), or
/// <see cref="Until"/> to mark everything that started before it.
/// </summary>
public sealed record MarkReviewedRequest(IReadOnlyList<ReviewedEventRequest>? Events, DateTimeOffset? Until);

public sealed record ReviewedEventRequest(string? CameraId, string? EventId, DateTimeOffset? Start);
