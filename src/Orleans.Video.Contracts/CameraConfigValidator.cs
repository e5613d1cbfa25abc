// Over 300 lines: every rule a camera's configuration must meet, in one place, so that the camera's grain, the CLI
// and the web UI's messages name the same keys in the same words.
namespace Orleans.Video;

/// <summary>Checks a <see cref="CameraConfig"/> before any decoder sees it.</summary>
public static partial class CameraConfigValidator
{
    public const double MaxFps = 30;
    public const int MaxSourceLength = 2048;
    public const int MaxZones = 32;
    public const int MaxZonePoints = 64;
    public const int MaxZoneNameLength = 64;
    public const int MaxLabels = 64;

    /// <summary>Largest coordinate a zone vertex may have: no camera has a picture wider or taller than 16K.</summary>
    public const float MaxCoordinate = 16384;

    /// <summary>A day: longer loitering thresholds are configuration mistakes, not policies.</summary>
    public const double MaxLoiterSeconds = 86_400;

    /// <summary>Analysed frames a zone waits before an entry or exit counts; more is a zone that never sees a visit.</summary>
    public const int MaxZoneInertia = 100;

    /// <summary>URL schemes ffmpeg is allowed to open; anything else (file:, concat:, pipe:, data:, …) is refused.</summary>
    public static readonly IReadOnlySet<string> Schemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "rtsp", "rtsps", "http", "https", "tcp", "udp",
    };

    /// <summary>Returns the problems found, each naming its field; empty when the configuration is valid.</summary>
    public static IReadOnlyList<string> Validate(CameraConfig? config)
    {
        if (config is null)
        {
            return ["config is required"];
        }

        var errors = new List<string>();
        if (SourceError(config.Source) is { } sourceError)
        {
            errors.Add(sourceError);
        }
        if (!double.IsFinite(config.Fps) || config.Fps <= 0 || config.Fps > MaxFps)
        {
            errors.Add($"fps must be a number in (0, {MaxFps}]");
        }
        if (string.IsNullOrWhiteSpace(config.Model))
        {
            errors.Add("model is required");
        }
        if (config.RecordSource is not null && SourceError(config.RecordSource) is { } recordSourceError)
        {
            errors.Add(recordSourceError.Replace("source", "recordSource", StringComparison.Ordinal));
        }
        if (!Enum.IsDefined(config.RtspTransport))
        {
            errors.Add("rtspTransport must be auto, tcp or udp");
        }
        if (!Enum.IsDefined(config.Hwaccel))
        {
            errors.Add("hwaccel must be none, vaapi, cuda or qsv");
        }
        RecordErrors(config.Record, errors);
        ZoneErrors(config.Zones, errors);
        FilterErrors(config.Filter, errors);
        AlertErrors(config.Alerts, config.Zones, errors);
        MaskErrors(config.MotionMasks, errors);
        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem.</summary>
    public static void ThrowIfInvalid(CameraConfig? config)
    {
        var errors = Validate(config);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(config));
        }
    }

    public static void ZoneErrors(IReadOnlyList<Zone>? zones, List<string> errors)
    {
        if (zones is null)
        {
            return;
        }
        if (zones.Count > MaxZones)
        {
            errors.Add($"zones: at most {MaxZones}");
            return;
        }
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < zones.Count; i++)
        {
            if (zones[i] is not { } zone)
            {
                errors.Add($"zones[{i}] is null");
                continue;
            }
            var field = $"zones[{i}]";
            if (string.IsNullOrEmpty(zone.Name) || zone.Name.Length > MaxZoneNameLength
                || !zone.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                errors.Add($"{field}.name must be 1-{MaxZoneNameLength} letters, digits, '-' or '_'");
            }
            else if (!names.Add(zone.Name))
            {
                errors.Add($"{field}.name '{zone.Name}' is used by another zone");
            }
            else
            {
                field = $"zone '{zone.Name}'";
            }
            if (zone.Points is not { Count: >= 3 } points || points.Count > MaxZonePoints)
            {
                errors.Add($"{field}: points must hold 3 to {MaxZonePoints} vertices");
            }
            else if (points.Any(p => !float.IsFinite(p.X) || !float.IsFinite(p.Y) || p.X < 0 || p.Y < 0 || p.X > MaxCoordinate || p.Y > MaxCoordinate))
            {
                errors.Add($"{field}: points must be source pixels in [0, {MaxCoordinate}]");
            }
            else if (Math.Abs(zone.Area()) < 1)
            {
                errors.Add($"{field}: the polygon encloses no area (its points are on one line)");
            }
            if (!double.IsFinite(zone.LoiterSeconds) || zone.LoiterSeconds < 0 || zone.LoiterSeconds > MaxLoiterSeconds)
            {
                errors.Add($"{field}: loiterSeconds must be in [0, {MaxLoiterSeconds}]");
            }
            if (zone.Inertia is < 1 or > MaxZoneInertia)
            {
                errors.Add($"{field}: inertia must be 1 to {MaxZoneInertia} analysed frames, or left out for the silo's default");
            }
            if (LabelsError(zone.Labels) is { } labelsError)
            {
                errors.Add($"{field}: {labelsError}");
            }
        }
    }

    /// <summary>Ten years: longer retention is a typo, and days beyond it overflow date arithmetic sooner or later.</summary>
    public const double MaxRetentionDays = 3650;

    /// <summary>Padding around events, in seconds: longer is continuous recording by another name.</summary>
    public const double MaxPaddingSeconds = 600;

    private static void RecordErrors(RecordConfig? record, List<string> errors)
    {
        if (record is null)
        {
            return;
        }
        if (!Enum.IsDefined(record.Mode))
        {
            errors.Add("record.mode must be off, continuous or events");
        }
        if (!double.IsFinite(record.PreSeconds) || record.PreSeconds < 0 || record.PreSeconds > MaxPaddingSeconds
            || !double.IsFinite(record.PostSeconds) || record.PostSeconds < 0 || record.PostSeconds > MaxPaddingSeconds)
        {
            errors.Add($"record.preSeconds and record.postSeconds must be in [0, {MaxPaddingSeconds}]");
        }
        if (!double.IsFinite(record.ContinuousDays) || record.ContinuousDays <= 0 || record.ContinuousDays > MaxRetentionDays
            || !double.IsFinite(record.EventDays) || record.EventDays <= 0 || record.EventDays > MaxRetentionDays)
        {
            errors.Add($"record.continuousDays and record.eventDays must be in (0, {MaxRetentionDays}]");
        }
    }

    /// <summary>Motion masks: at most <see cref="MaxZones"/> polygons of 3 to <see cref="MaxZonePoints"/> source pixels, each with an area.</summary>
    public static void MaskErrors(IReadOnlyList<MotionMask>? masks, List<string> errors)
    {
        if (masks is null)
        {
            return;
        }
        if (masks.Count > MaxZones)
        {
            errors.Add($"motionMasks: at most {MaxZones}");
            return;
        }
        for (var i = 0; i < masks.Count; i++)
        {
            var field = $"motionMasks[{i}]";
            if (masks[i]?.Points is not { Count: >= 3 } points || points.Count > MaxZonePoints)
            {
                errors.Add($"{field}: points must hold 3 to {MaxZonePoints} vertices");
            }
            else if (points.Any(p => !float.IsFinite(p.X) || !float.IsFinite(p.Y) || p.X < 0 || p.Y < 0 || p.X > MaxCoordinate || p.Y > MaxCoordinate))
            {
                errors.Add($"{field}: points must be source pixels in [0, {MaxCoordinate}]");
            }
            else if (Math.Abs(new Zone("mask", points).Area()) < 1)
            {
                errors.Add($"{field}: the polygon encloses no area (its points are on one line)");
            }
        }
    }

    /// <summary>Alert labels are names (the model's labels are checked where the model is known); alert zones are the camera's.</summary>
    public static void AlertErrors(AlertRules? alerts, IReadOnlyList<Zone>? zones, List<string> errors)
    {
        if (alerts is null)
        {
            return;
        }
        if (alerts.Labels is { } labels)
        {
            if (labels.Count > MaxLabels)
            {
                errors.Add($"alerts.labels: at most {MaxLabels}");
            }
            for (var i = 0; i < Math.Min(labels.Count, MaxLabels); i++)
            {
                if (!IsLabel(labels[i]))
                {
                    errors.Add($"alerts.labels[{i}] must be a non-empty name of at most {MaxZoneNameLength} characters");
                }
            }
        }
        if (alerts.Zones is { } named)
        {
            var known = new HashSet<string>((zones ?? []).Where(zone => zone?.Name is not null).Select(zone => zone.Name), StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < Math.Min(named.Count, MaxZones); i++)
            {
                if (named[i] is not { } zone || !known.Contains(zone))
                {
                    // Not echoed when it is no name at all: it may be megabytes.
                    errors.Add(IsLabel(named[i])
                        ? $"alerts.zones[{i}]: '{named[i]}' is not one of the camera's zones ({(known.Count == 0 ? "it has none" : string.Join(", ", known.Order(StringComparer.OrdinalIgnoreCase)))})"
                        : $"alerts.zones[{i}] must name one of the camera's zones");
                }
            }
            if (named.Count > MaxZones)
            {
                errors.Add($"alerts.zones: at most {MaxZones}");
            }
        }
    }

    public static void FilterErrors(DetectionFilter? filter, List<string> errors)
    {
        if (filter is null)
        {
            return;
        }
        var valid = ThresholdErrors("filter", filter.MinScore, filter.MinArea, filter.MaxArea, errors);
        if (valid && filter.MaxArea is { } max && filter.MinArea > max)
        {
            errors.Add(Invariant($"filter.maxArea ({max}) must be at least filter.minArea ({filter.MinArea})"));
        }
        if (filter.Labels is { } labels)
        {
            if (labels.Count > MaxLabels)
            {
                errors.Add($"filter.labels: at most {MaxLabels}");
            }
            else
            {
                for (var i = 0; i < labels.Count; i++)
                {
                    if (!IsLabel(labels[i]))
                    {
                        errors.Add($"filter.labels[{i}] must be a non-empty name of at most {MaxZoneNameLength} characters");
                    }
                }
            }
        }
        PerLabelErrors(filter, valid, errors);
    }

    /// <param name="filterValid">Whether the filter's own thresholds are valid: a label's are compared with them only then.</param>
    private static void PerLabelErrors(DetectionFilter filter, bool filterValid, List<string> errors)
    {
        if (filter.PerLabel is not { } rules)
        {
            return;
        }
        if (rules.Count > MaxLabels)
        {
            errors.Add($"filter.perLabel: at most {MaxLabels} labels");
            return;
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (label, rule) in rules)
        {
            if (!IsLabel(label))
            {
                // Not echoed: it may be megabytes or hold control characters.
                errors.Add($"filter.perLabel: each key must be a label, a non-empty name of at most {MaxZoneNameLength} characters");
                continue;
            }
            var key = $"filter.perLabel.{label}";
            if (!seen.Add(label))
            {
                errors.Add($"{key}: the label is given twice (labels ignore case)");
            }
            if (rule is null)
            {
                errors.Add($"{key} must be an object such as {{\"minScore\": 0.5, \"minArea\": 400, \"maxArea\": 200000}}");
                continue;
            }
            if (!ThresholdErrors(key, rule.MinScore, rule.MinArea, rule.MaxArea, errors) || !filterValid || rule.MinArea is null && rule.MaxArea is null)
            {
                continue;
            }
            // What the label leaves out is the filter's: the pair it runs with, each named by where it comes from.
            var (min, minKey) = rule.MinArea is { } ownMin ? (ownMin, $"{key}.minArea") : (filter.MinArea, "filter.minArea");
            var (max, maxKey) = rule.MaxArea is { } ownMax ? (ownMax, $"{key}.maxArea") : (filter.MaxArea ?? float.PositiveInfinity, "filter.maxArea");
            if (min > max)
            {
                errors.Add(Invariant($"{maxKey} ({max}) must be at least {minKey} ({min})"));
            }
        }
    }

    /// <summary>
    /// A minimum score in [0, 1], a minimum area of 0 or more, a maximum area of more than 0 (each when given), named
    /// under <paramref name="key"/>; false when one is not.
    /// </summary>
    private static bool ThresholdErrors(string key, float? minScore, float? minArea, float? maxArea, List<string> errors)
    {
        var count = errors.Count;
        if (minScore is { } score && (!float.IsFinite(score) || score < 0 || score > 1))
        {
            errors.Add($"{key}.minScore must be in [0, 1]");
        }
        if (minArea is { } min && (!float.IsFinite(min) || min < 0))
        {
            errors.Add($"{key}.minArea must be a number of pixels, 0 or more");
        }
        if (maxArea is { } max && (!float.IsFinite(max) || max <= 0))
        {
            errors.Add($"{key}.maxArea must be a number of pixels, more than 0");
        }
        return errors.Count == count;
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private static bool IsLabel(string? label) =>
        !string.IsNullOrWhiteSpace(label) && label.Length <= MaxZoneNameLength && !label.Any(char.IsControl);

    private static string? LabelsError(IReadOnlyList<string>? labels) =>
        labels is null ? null
        : labels.Count > MaxLabels ? $"labels: at most {MaxLabels}"
        : !labels.All(IsLabel)
            ? $"labels must be non-empty names of at most {MaxZoneNameLength} characters"
            : null;

    private static string? SourceError(string? source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return "source is required";
        }
        if (source.Length > MaxSourceLength)
        {
            return $"source must be at most {MaxSourceLength} characters";
        }
        if (source.Any(char.IsControl))
        {
            return "source must not contain control characters";
        }
        var schemeEnd = source.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            // A file path. ffmpeg treats "name:rest" as a protocol, so refuse colons to keep it a plain file.
            return source.Contains(':') ? "source must be a file path or a URL with scheme rtsp, rtsps, http, https, tcp or udp"
                : FilePathError(source) is { } pathError ? $"source {pathError}"
                : null;
        }
        if (source.FirstOrDefault(c => !IsUrlCharacter(c)) is var bad and not '\0')
        {
            // Quotes, blanks, backslashes and the like are no part of a URL (RFC 3986); in a command line they are syntax.
            return $"source is not a URL: '{bad}' is not allowed in one (percent-encode it, e.g. a space as %20)";
        }
        if (BadPercent().IsMatch(source))
        {
            return "source is not a URL: '%' must start a percent-encoded byte (%20)";
        }
        var scheme = source[..schemeEnd];
        if (!Schemes.Contains(scheme))
        {
            return $"source scheme '{scheme}' is not allowed (use rtsp, rtsps, http, https, tcp or udp)";
        }
        if (!Uri.TryCreate(source, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return "source is not a valid URL";
        }
        if (scheme.ToLowerInvariant() is "tcp" or "udp" && QueryOptions(uri.Query).FirstOrDefault(option => option is "listen" or "localport" or "localaddr") is { } listen)
        {
            // ffmpeg reads these from the URL: the silo would open a port of the request's choosing instead of reaching a camera.
            return $"source option '{listen}' is not allowed: a camera source connects to the camera, the silo listens for nobody";
        }
        return null;
    }

    /// <summary>Why a file path may not be handed to ffmpeg, or null. Quotes and backslashes are refused: no file of ours needs them.</summary>
    public static string? FilePathError(string path) =>
        path.Any(char.IsControl) ? "must not contain control characters"
        : path.IndexOfAny(['"', '\'', '\\', '`']) >= 0 ? "must not contain quotes or backslashes"
        : path.StartsWith('-') ? "must not start with '-'"
        : null;

    /// <summary>RFC 3986's unreserved and reserved characters and '%', less the apostrophe (a quote on a command line).</summary>
    private static bool IsUrlCharacter(char c) =>
        char.IsAsciiLetterOrDigit(c) || "-._~:/?#[]@!$&()*+,;=%".Contains(c, StringComparison.Ordinal);

    private static IEnumerable<string> QueryOptions(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair => Uri.UnescapeDataString(pair.Split('=', 2)[0]).ToLowerInvariant());

    [System.Text.RegularExpressions.GeneratedRegex("%(?![0-9A-Fa-f]{2})")]
    private static partial System.Text.RegularExpressions.Regex BadPercent();
}
