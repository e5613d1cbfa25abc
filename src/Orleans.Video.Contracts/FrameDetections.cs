namespace Orleans.Video;

/// <summary>What inference found in one frame: the unit that is streamed live and persisted.</summary>
[GenerateSerializer, Immutable]
[Alias("video.FrameDetections")]
public sealed record FrameDetections
{
    [Id(0)] public required string CameraId { get; init; }
    [Id(1)] public required long Sequence { get; init; }
    [Id(2)] public required DateTimeOffset Timestamp { get; init; }
    [Id(3)] public TimeSpan SourceTime { get; init; }
    [Id(4)] public required string Model { get; init; }
    [Id(5)] public required IReadOnlyList<Detection> Detections { get; init; }

    /// <summary>Milliseconds from decode to the end of inference.</summary>
    [Id(6)] public double LatencyMs { get; init; }
}
