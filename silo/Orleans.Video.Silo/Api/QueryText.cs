using System.Globalization;

namespace Orleans.Video.Silo.Api;

/// <summary>
/// Reading the query-string values the query endpoints share. They are bound as text, so a bad value gets a 400 that
/// says which rule it broke instead of the framework's bare binding failure.
/// </summary>
internal static class QueryText
{
    public const string TimeRule = "from and to must be ISO 8601 times, e.g. 2026-11-23T16:00:00Z; " + QueryTimes.Rule;

    /// <summary>An ISO 8601 time (UTC unless it says otherwise) within <see cref="QueryTimes"/>; empty reads as none.</summary>
    public static bool TryTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) && QueryTimes.InRange(parsed))
        {
            time = parsed;
            return true;
        }
        return false;
    }

    /// <summary>A page size from 1 to <paramref name="max"/>; absent reads as <paramref name="fallback"/>.</summary>
    public static bool TryLimit(string? text, int max, out int limit, int fallback = 100)
    {
        limit = fallback;
        return text is null || (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) && limit >= 1 && limit <= max);
    }

    public static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    public static readonly string KindRule = $"kind must be one of {string.Join(", ", Enum.GetNames<EventKind>().Select(n => n.ToLowerInvariant()))}";

    /// <summary>An event kind by its exact name, in any case; empty reads as none.</summary>
    public static bool TryKind(string? text, out EventKind? kind)
    {
        kind = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        // Exact names only: Enum.TryParse would also take numbers and "object,zone" (flags OR'ed together).
        if (Enum.GetNames<EventKind>().FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)) is not { } name)
        {
            return false;
        }
        kind = Enum.Parse<EventKind>(name);
        return true;
    }

    /// <summary>The most cameras one query names; beyond it, leave <c>camera</c> out to ask every camera.</summary>
    public const int MaxCameras = 1000;

    /// <summary>
    /// Camera ids from <c>camera</c>, repeated (<c>?camera=a&amp;camera=b</c>) or comma-separated (<c>?camera=a,b</c>);
    /// null when none is named (every camera); false with the reason when one is not a valid id.
    /// </summary>
    public static bool TryCameras(string[]? values, out IReadOnlyList<string>? cameras, out string? error)
    {
        cameras = null;
        error = null;
        var ids = (values ?? []).SelectMany(value => value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.Ordinal).ToArray();
        if (ids.Length > MaxCameras)
        {
            error = $"camera names at most {MaxCameras} cameras; leave it out to ask every camera";
            return false;
        }
        if (ids.Select(CameraId.Validate).FirstOrDefault(e => e is not null) is { } invalid)
        {
            error = invalid;
            return false;
        }
        cameras = ids.Length == 0 ? null : ids;
        return true;
    }
}
