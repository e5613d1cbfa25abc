namespace Orleans.Video.Silo.Api;

/// <summary>A persisted detection as the HTTP API shows it; the box is in source-frame pixels.</summary>
public sealed record DetectionView(string Camera, long Sequence, DateTimeOffset Timestamp, string Label, float Score, float X, float Y, float Width, float Height)
{
    public static DetectionView From(DetectionRecord record) => new(
        record.CameraId, record.Sequence, record.Timestamp, record.Label, record.Score, record.Box.X, record.Box.Y, record.Box.Width, record.Box.Height);
}

/// <summary>A page of detections; pass <see cref="Next"/> as <c>cursor</c> to get the following page.</summary>
public sealed record DetectionPageView(IReadOnlyList<DetectionView> Items, string? Next);
