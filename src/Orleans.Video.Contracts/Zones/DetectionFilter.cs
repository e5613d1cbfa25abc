namespace Orleans.Video;

/// <summary>Which detections of a camera count: anything else is dropped before it is stored, streamed or tracked.</summary>
/// <param name="Labels">Keep only these labels (case-insensitive); null or empty for every label.</param>
/// <param name="MinScore">Keep detections scoring at least this, 0..1.</param>
/// <param name="MinArea">Keep boxes of at least this many source-frame pixels (width × height).</param>
[GenerateSerializer, Immutable]
[Alias("video.DetectionFilter")]
public sealed record DetectionFilter(
    [property: Id(0)] List<string>? Labels = null,
    [property: Id(1)] float MinScore = 0,
    [property: Id(2)] float MinArea = 0)
{
    public bool Keeps(Detection detection) =>
        detection.Score >= MinScore && detection.Box.Area >= MinArea
        && (Labels is not { Count: > 0 } labels || labels.Contains(detection.Label, StringComparer.OrdinalIgnoreCase));

    /// <summary>The detections this filter keeps; the same list when it keeps them all.</summary>
    public IReadOnlyList<Detection> Apply(IReadOnlyList<Detection> detections) =>
        detections.All(Keeps) ? detections : detections.Where(Keeps).ToArray();

    public bool Equals(DetectionFilter? other) =>
        other is not null && MinScore.Equals(other.MinScore) && MinArea.Equals(other.MinArea) && Same.Strings(Labels, other.Labels);

    public override int GetHashCode() => HashCode.Combine(MinScore, MinArea, Labels?.Count ?? 0);
}
