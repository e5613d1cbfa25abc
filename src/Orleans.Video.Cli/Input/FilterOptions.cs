using System.Globalization;

namespace Orleans.Video.Cli.Input;

/// <summary>
/// The detection filter of <c>camera add --labels person,car --min-score 0.4 --min-score car=0.6 --min-area car=400
/// --max-area car=200000</c>: each threshold option, repeatable, takes a number for every label or <c>label=number</c>
/// for one (which tracks that label too, as <c>filter.perLabel</c> does). The values themselves are checked by
/// <see cref="CameraConfigValidator"/>.
/// </summary>
internal static class FilterOptions
{
    /// <summary>The filter the options describe; null (the model's default labels, every score and size) when none was given.</summary>
    /// <exception cref="ArgumentException">A value is neither a number nor <c>label=number</c>; the message names the option.</exception>
    public static DetectionFilter? Read(string? labels, string[]? minScores, string[]? minAreas, string[]? maxAreas)
    {
        var names = labels?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        var minScore = Thresholds("--min-score", minScores);
        var minArea = Thresholds("--min-area", minAreas);
        var maxArea = Thresholds("--max-area", maxAreas);
        // car=… and CAR=… are one label's; the filter's dictionary keeps the default comparer, as JSON and the wire give it.
        var ruled = minScore.PerLabel.Keys.Concat(minArea.PerLabel.Keys).Concat(maxArea.PerLabel.Keys).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        if (names.Length == 0 && ruled.Length == 0 && minScore.All is null && minArea.All is null && maxArea.All is null)
        {
            return null;
        }
        var perLabel = ruled.ToDictionary(label => label, label => new LabelFilter(
            minScore.PerLabel.GetValueOrDefault(label), minArea.PerLabel.GetValueOrDefault(label), maxArea.PerLabel.GetValueOrDefault(label)));
        return new DetectionFilter(names.Length > 0 ? [.. names] : null, minScore.All ?? 0, minArea.All ?? 0, maxArea.All, perLabel.Count > 0 ? perLabel : null);
    }

    private static (float? All, Dictionary<string, float?> PerLabel) Thresholds(string option, string[]? values)
    {
        float? all = null;
        var perLabel = new Dictionary<string, float?>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values ?? [])
        {
            var split = value.Split('=', 2, StringSplitOptions.TrimEntries);
            if (!float.TryParse(split[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || split is [{ Length: 0 }, _])
            {
                throw new ArgumentException($"{option} '{value}' is neither a number nor label=number (e.g. {option} car=0.5)");
            }
            if (split.Length == 1)
            {
                all = number;
            }
            else
            {
                perLabel[split[0]] = number;
            }
        }
        return (all, perLabel);
    }
}
