namespace Orleans.Video;

/// <summary>One object found in a frame; <see cref="Box"/> is in source-frame pixels.</summary>
[GenerateSerializer, Immutable]
[Alias("video.Detection")]
public sealed record Detection(
    [property: Id(0)] string Label,
    [property: Id(1)] int ClassId,
    [property: Id(2)] float Score,
    [property: Id(3)] Box Box);
