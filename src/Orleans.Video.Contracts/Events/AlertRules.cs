namespace Orleans.Video;

/// <summary>
/// Which of a camera's events are alerts in review (the rest are detections): an event whose label is among
/// <see cref="Labels"/> or whose zone is among <see cref="Zones"/> (both ignore case). A camera without rules alerts on
/// what happens in its zones: an operator draws a zone where it matters.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("video.AlertRules")]
public sealed record AlertRules(
    [property: Id(0)] List<string>? Labels = null,
    [property: Id(1)] List<string>? Zones = null)
{
    /// <summary>Whether an event of this label, in this zone (null: not a zone's), is an alert under <paramref name="rules"/>.</summary>
    public static bool IsAlert(AlertRules? rules, string label, string? zone) =>
        rules is null
            ? zone is not null
            : rules.Labels?.Contains(label, StringComparer.OrdinalIgnoreCase) == true
              || (zone is not null && rules.Zones?.Contains(zone, StringComparer.OrdinalIgnoreCase) == true);

    // Configuring a camera with the rules it has is no change: compare the lists by value.
    public bool Equals(AlertRules? other) =>
        other is not null && Same.Strings(Labels, other.Labels) && Same.Strings(Zones, other.Zones);

    public override int GetHashCode() => HashCode.Combine(Labels?.Count ?? 0, Zones?.Count ?? 0);
}
