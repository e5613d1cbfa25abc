using Microsoft.Extensions.Options;

namespace Orleans.Video.Analytics;

/// <summary>Fails start-up on tracking or event settings out of range, naming each key and its range.</summary>
public sealed class TrackingOptionsValidator : IValidateOptions<TrackerOptions>, IValidateOptions<EventOptions>
{
    public static readonly TimeSpan MaxReconnectWithin = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxStationaryAfter = TimeSpan.FromDays(1);
    public static readonly TimeSpan MaxMinDuration = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, TrackerOptions options)
    {
        var errors = new List<string>();
        Fraction(errors, nameof(options.MatchIou), options.MatchIou, above: 0);
        Count(errors, nameof(options.MinHits), options.MinHits, 100);
        Count(errors, nameof(options.MaxMissedFrames), options.MaxMissedFrames, 1000);
        Count(errors, nameof(options.ZoneInertia), options.ZoneInertia, CameraConfigValidator.MaxZoneInertia);
        Fraction(errors, nameof(options.SnapshotImprovement), options.SnapshotImprovement, above: -1);
        Duration(errors, TrackerOptions.Section, nameof(options.ReconnectWithin), options.ReconnectWithin, MaxReconnectWithin);
        Duration(errors, TrackerOptions.Section, nameof(options.StationaryAfter), options.StationaryAfter, MaxStationaryAfter);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public ValidateOptionsResult Validate(string? name, EventOptions options)
    {
        var errors = new List<string>();
        Duration(errors, EventOptions.Section, nameof(options.MinDuration), options.MinDuration, MaxMinDuration);
        if (options.MaxAge <= TimeSpan.Zero || options.MaxAge > EventOptions.LongestMaxAge)
        {
            errors.Add($"{EventOptions.Section}:{nameof(options.MaxAge)} must be more than 0 and at most {EventOptions.LongestMaxAge.TotalDays} days");
        }
        if (options.MaxPerCamera < 1)
        {
            errors.Add($"{EventOptions.Section}:{nameof(options.MaxPerCamera)} must be 1 or more");
        }
        if (options.CheckInterval <= TimeSpan.Zero)
        {
            errors.Add($"{EventOptions.Section}:{nameof(options.CheckInterval)} must be positive");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>In (<paramref name="above"/>, 1] when above is 0, else [0, 1].</summary>
    private static void Fraction(List<string> errors, string key, double value, double above)
    {
        if (!double.IsFinite(value) || value > 1 || (above == 0 ? value <= 0 : value < 0))
        {
            errors.Add($"{TrackerOptions.Section}:{key} is {value}; it must be {(above == 0 ? "above 0" : "at least 0")} and at most 1");
        }
    }

    private static void Count(List<string> errors, string key, int value, int max)
    {
        if (value < 1 || value > max)
        {
            errors.Add($"{TrackerOptions.Section}:{key} is {value}; it must be between 1 and {max}");
        }
    }

    private static void Duration(List<string> errors, string section, string key, TimeSpan value, TimeSpan max)
    {
        if (value < TimeSpan.Zero || value > max)
        {
            errors.Add($"{section}:{key} is {value}; it must be between 00:00:00 and {max}");
        }
    }
}
