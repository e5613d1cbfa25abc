using System.CommandLine;
using System.Globalization;

namespace Orleans.Video.Cli.Commands;

/// <summary>A time option that takes an ISO 8601 time or an age ("15m" = fifteen minutes ago), as people type them.</summary>
internal static class TimeOption
{
    public static Option<DateTimeOffset?> Create(string name, string description) => new(name)
    {
        Description = $"{description}: an ISO 8601 time (UTC unless it has an offset), 'now', or an age such as 90s, 15m, 2h, 1d",
        HelpName = "time",
        CustomParser = result =>
        {
            var text = result.Tokens[0].Value;
            if (TryParse(text, DateTimeOffset.UtcNow, out var time))
            {
                return time;
            }
            result.AddError($"{name} '{text}' is neither an ISO 8601 time, 'now', nor an age such as 15m");
            return null;
        },
    };

    public static bool TryParse(string text, DateTimeOffset now, out DateTimeOffset time)
    {
        text = text.Trim();
        if (text.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            time = now;
            return true;
        }
        if (text.Length >= 2 && Unit(text[^1]) is { } unit
            && double.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            time = now - amount * unit;
            return true;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    private static TimeSpan? Unit(char suffix) => char.ToLowerInvariant(suffix) switch
    {
        's' => TimeSpan.FromSeconds(1),
        'm' => TimeSpan.FromMinutes(1),
        'h' => TimeSpan.FromHours(1),
        'd' => TimeSpan.FromDays(1),
        _ => null,
    };
}
