namespace Orleans.Video.Silo.Api;

/// <summary>The from/to of the playback endpoints: both required, in order, and no longer than the endpoint allows.</summary>
internal static class RecordingRange
{
    public static string? TryParse(string? fromText, string? toText, TimeSpan max, string maxSetting, out DateTimeOffset from, out DateTimeOffset to)
    {
        from = to = default;
        if (string.IsNullOrEmpty(fromText) || string.IsNullOrEmpty(toText))
        {
            return "from and to are required, e.g. ?from=2026-11-30T14:02:00Z&to=2026-11-30T14:05:00Z";
        }
        if (!QueryText.TryTime(fromText, out var f) || !QueryText.TryTime(toText, out var t))
        {
            return QueryText.TimeRule;
        }
        (from, to) = (f!.Value, t!.Value);
        if (to <= from)
        {
            return "to must be later than from";
        }
        return to - from > max ? $"the range may be at most {max.TotalMinutes:0} minutes long ({maxSetting})" : null;
    }
}
