namespace Orleans.Video;

/// <summary>A polygon vertex in source-frame pixels.</summary>
[GenerateSerializer, Immutable]
[Alias("video.ZonePoint")]
public readonly record struct ZonePoint([property: Id(0)] float X, [property: Id(1)] float Y);
