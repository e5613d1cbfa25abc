namespace Orleans.Video;

/// <summary>
/// Which detections of a camera or job count: anything else is dropped before it is stored, streamed or tracked.
/// The labels tracked are <see cref="Labels"/> plus every label of <see cref="PerLabel"/>; with neither, every label
/// (the camera grain and the job grain first put the default, <see cref="TrackedLabels.Default"/>, in when their model has it).
/// </summary>
/// <param name="Labels">Keep only these labels, and those of <paramref name="PerLabel"/> (case-insensitive); null or empty with no <paramref name="PerLabel"/>: every label.</param>
/// <param name="MinScore">Keep detections scoring at least this, 0..1.</param>
/// <param name="MinArea">Keep boxes of at least this many source-frame pixels (width × height).</param>
/// <param name="MaxArea">Keep boxes of at most this many source-frame pixels; null for no limit.</param>
/// <param name="PerLabel">A label's own minimum score, minimum and maximum area, by label (case-insensitive); what a
/// label's entry leaves out is the filter's. A label named here is tracked.</param>
[GenerateSerializer, Immutable]
[Alias("video.DetectionFilter")]
public sealed record DetectionFilter(
    [property: Id(0)] List<string>? Labels = null,
    [property: Id(1)] float MinScore = 0,
    [property: Id(2)] float MinArea = 0,
    [property: Id(3)] float? MaxArea = null,
    [property: Id(4)] Dictionary<string, LabelFilter>? PerLabel = null)
{
    /// <summary>The labels named (<see cref="Labels"/>, then <see cref="PerLabel"/>'s), once each; empty when the filter names none.</summary>
    public IReadOnlyList<string> NamedLabels() =>
        (Labels ?? []).Concat(PerLabel?.Keys ?? Enumerable.Empty<string>()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    public bool Keeps(Detection detection)
    {
        var rule = RuleFor(detection.Label);
        var area = detection.Box.Area;
        return Tracks(detection.Label, rule is not null)
            && detection.Score >= (rule?.MinScore ?? MinScore)
            && area >= (rule?.MinArea ?? MinArea)
            && area <= (rule?.MaxArea ?? MaxArea ?? float.PositiveInfinity);
    }

    /// <summary>The detections this filter keeps; the same list when it keeps them all.</summary>
    public IReadOnlyList<Detection> Apply(IReadOnlyList<Detection> detections) =>
        detections.All(Keeps) ? detections : detections.Where(Keeps).ToArray();

    /// <summary>The label's own entry in <see cref="PerLabel"/>, matched ignoring case; null when it has none.</summary>
    public LabelFilter? RuleFor(string label)
    {
        if (PerLabel is not { Count: > 0 } rules)
        {
            return null;
        }
        // A handful of entries, and JSON gives a case-sensitive dictionary: a scan is simpler than a second one.
        foreach (var (name, rule) in rules)
        {
            if (string.Equals(name, label, StringComparison.OrdinalIgnoreCase))
            {
                return rule;
            }
        }
        return null;
    }

    private bool Tracks(string label, bool hasRule)
    {
        if (hasRule)
        {
            return true;
        }
        if (Labels is { Count: > 0 } labels)
        {
            return labels.Contains(label, StringComparer.OrdinalIgnoreCase);
        }
        // Labels named only in PerLabel are the ones tracked; a filter naming none keeps every label.
        return PerLabel is not { Count: > 0 };
    }

    public bool Equals(DetectionFilter? other) =>
        other is not null && MinScore.Equals(other.MinScore) && MinArea.Equals(other.MinArea) && Nullable.Equals(MaxArea, other.MaxArea)
        && Same.Strings(Labels, other.Labels) && Same.Entries(PerLabel, other.PerLabel);

    public override int GetHashCode() => HashCode.Combine(MinScore, MinArea, MaxArea, Labels?.Count ?? 0, PerLabel?.Count ?? 0);
}
