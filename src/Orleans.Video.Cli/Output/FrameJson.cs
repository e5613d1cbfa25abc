namespace Orleans.Video.Cli.Output;

/// <summary>One live frame as <c>watch --json</c> shows it (one JSON object per line).</summary>
internal sealed record FrameJson(
    string Camera, long Sequence, DateTimeOffset Timestamp, string Model, double LatencyMs, IReadOnlyList<FrameJson.Item> Detections)
{
    public static FrameJson From(FrameDetections frame) => new(
        frame.CameraId, frame.Sequence, frame.Timestamp, frame.Model, Math.Round(frame.LatencyMs, 1),
        [.. frame.Detections.Select(d => new Item(d.Label, d.Score, d.Box.X, d.Box.Y, d.Box.Width, d.Box.Height))]);

    public sealed record Item(string Label, float Score, float X, float Y, float Width, float Height);
}
