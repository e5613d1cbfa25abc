namespace Orleans.Video.Cli.Output;

/// <summary>
/// An event as <c>events list --json</c> and <c>events watch --json</c> show it: the fields of the HTTP API's
/// event view, with the box of the best detection in source-frame pixels and <c>end</c> null while it lasts.
/// </summary>
internal sealed record EventJson(
    string Camera, string Id, string Kind, string Label, long TrackId, long TrackNumber, string? Zone,
    DateTimeOffset Start, DateTimeOffset? End, DateTimeOffset LastSeen, float BestScore,
    float X, float Y, float Width, float Height, bool HasSnapshot)
{
    public static EventJson From(VideoEvent e) => new(
        e.CameraId, e.Id, TextFormat.Kind(e.Kind), e.Label, e.TrackId, e.ShownTrackNumber, e.Zone, e.Start, e.End, e.LastSeen, e.BestScore,
        e.BestBox.X, e.BestBox.Y, e.BestBox.Width, e.BestBox.Height, e.HasSnapshot);
}
