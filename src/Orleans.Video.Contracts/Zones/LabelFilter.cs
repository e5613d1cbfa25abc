namespace Orleans.Video;

/// <summary>One label's own thresholds in a <see cref="DetectionFilter.PerLabel"/>; a value left out (null) is the filter's.</summary>
/// <param name="MinScore">Keep this label's detections scoring at least this, 0..1.</param>
/// <param name="MinArea">Keep this label's boxes of at least this many source-frame pixels.</param>
/// <param name="MaxArea">Keep this label's boxes of at most this many source-frame pixels.</param>
[GenerateSerializer, Immutable]
[Alias("video.LabelFilter")]
public sealed record LabelFilter(
    [property: Id(0)] float? MinScore = null,
    [property: Id(1)] float? MinArea = null,
    [property: Id(2)] float? MaxArea = null);
