namespace Orleans.Video.Silo.Api;

/// <summary>
/// An event as the API returns it; the box is the object at its best frame, in source pixels. <c>trackNumber</c> is
/// what people are shown (<c>#17</c>), <c>trackId</c> the internal id for machines (unique per camera).
/// </summary>
public sealed record EventView(
    string CameraId,
    string Id,
    EventKind Kind,
    string Label,
    long TrackId,
    long TrackNumber,
    string? Zone,
    DateTimeOffset Start,
    DateTimeOffset? End,
    DateTimeOffset LastSeen,
    float BestScore,
    float X,
    float Y,
    float Width,
    float Height,
    string? Snapshot)
{
    public static EventView From(VideoEvent e) => new(
        e.CameraId, e.Id, e.Kind, e.Label, e.TrackId, e.ShownTrackNumber, e.Zone, e.Start, e.End, e.LastSeen, e.BestScore,
        e.BestBox.X, e.BestBox.Y, e.BestBox.Width, e.BestBox.Height,
        e.HasSnapshot ? $"/api/cameras/{Uri.EscapeDataString(e.CameraId)}/events/{Uri.EscapeDataString(e.Id)}/snapshot" : null);
}

public sealed record EventPageView(IReadOnlyList<EventView> Items, string? Next);
