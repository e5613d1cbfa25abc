namespace Orleans.Video.Cli.Output;

/// <summary>A persisted detection as <c>--json</c> shows it; the box is in source-frame pixels.</summary>
internal sealed record DetectionJson(
    string Camera, long Sequence, DateTimeOffset Timestamp, string Label, float Score, float X, float Y, float Width, float Height)
{
    public static DetectionJson From(DetectionRecord record) => new(
        record.CameraId, record.Sequence, record.Timestamp, record.Label, record.Score,
        record.Box.X, record.Box.Y, record.Box.Width, record.Box.Height);
}
