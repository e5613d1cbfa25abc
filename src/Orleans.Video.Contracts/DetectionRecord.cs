namespace Orleans.Video;

/// <summary>A persisted detection, as queries return it; <see cref="Index"/> is its position within its frame.</summary>
[GenerateSerializer, Immutable]
[Alias("video.DetectionRecord")]
public sealed record DetectionRecord(
    [property: Id(0)] string CameraId,
    [property: Id(1)] long Sequence,
    [property: Id(2)] DateTimeOffset Timestamp,
    [property: Id(3)] string Label,
    [property: Id(4)] float Score,
    [property: Id(5)] Box Box,
    [property: Id(6)] int Index = 0);
