namespace Orleans.Video;

/// <summary>
/// The labels a camera or job tracks, once its model is known: the default when its filter names none, and the
/// check that every label its filter and zones name is one the model gives (a typo would silently track nothing).
/// </summary>
public static class TrackedLabels
{
    /// <summary>What operators look for first: tracked by default by a model that has it.</summary>
    public const string Default = "person";

    /// <summary>
    /// The filter to run with a model of these labels: the filter as given when it names labels; else one keeping only
    /// <see cref="Default"/> when the model has it; else the filter as given (every label: the single-purpose models,
    /// text or faces or bright objects, keep what they find).
    /// </summary>
    public static DetectionFilter? Resolve(DetectionFilter? filter, IReadOnlyList<string> modelLabels)
    {
        if (filter?.NamedLabels().Count > 0 || modelLabels.FirstOrDefault(IsDefault) is not { } label)
        {
            return filter;
        }
        return (filter ?? new DetectionFilter()) with { Labels = [label] };
    }

    /// <summary>
    /// The labels named by the filter, zones and alert rules that the model does not give, each by its key, and then the
    /// model's labels; empty when all are known, or when the model's labels are not (a model file without a label list).
    /// </summary>
    public static IReadOnlyList<string> Errors(
        string model, IReadOnlyList<string> modelLabels, DetectionFilter? filter, IReadOnlyList<Zone>? zones, AlertRules? alerts = null)
    {
        if (modelLabels.Count == 0)
        {
            return [];
        }
        var known = new HashSet<string>(modelLabels, StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        void Check(string key, string? label)
        {
            if (label is not null && !known.Contains(label))
            {
                errors.Add($"{key}: '{label}' is not a label of model '{model}'");
            }
        }
        for (var i = 0; i < (filter?.Labels?.Count ?? 0); i++)
        {
            Check($"filter.labels[{i}]", filter!.Labels![i]);
        }
        foreach (var label in filter?.PerLabel?.Keys ?? Enumerable.Empty<string>())
        {
            Check($"filter.perLabel.{label}", label);
        }
        for (var z = 0; z < (zones?.Count ?? 0); z++)
        {
            for (var i = 0; i < (zones![z]?.Labels?.Count ?? 0); i++)
            {
                Check($"zones[{z}].labels[{i}]", zones[z].Labels![i]);
            }
        }
        for (var i = 0; i < (alerts?.Labels?.Count ?? 0); i++)
        {
            Check($"alerts.labels[{i}]", alerts!.Labels![i]);
        }
        if (errors.Count > 0)
        {
            errors.Add($"model '{model}' has the labels: {string.Join(", ", modelLabels)}");
        }
        return errors;
    }

    private static bool IsDefault(string label) => string.Equals(label, Default, StringComparison.OrdinalIgnoreCase);
}
