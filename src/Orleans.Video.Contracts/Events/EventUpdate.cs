namespace Orleans.Video;

/// <summary>A camera's news about one event: its new state and, when the best frame changed, that frame's annotated JPEG.</summary>
[GenerateSerializer, Immutable]
[Alias("video.EventUpdate")]
public sealed record EventUpdate(
    [property: Id(0)] VideoEvent Event,
    [property: Id(1)] byte[]? Snapshot);
