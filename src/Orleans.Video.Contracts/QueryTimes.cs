namespace Orleans.Video;

/// <summary>
/// The times a query may name: nothing was recorded before 1970, and the stores widen a bound by a chunk's span or a
/// day, which at the calendar's edges (0001-01-01, 9999-12-31) no longer is a time. Out of range is a 400 with the rule.
/// </summary>
public static class QueryTimes
{
    public static readonly DateTimeOffset Earliest = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The first time no longer allowed.</summary>
    public static readonly DateTimeOffset End = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const string Rule = "times must be from 1970-01-01 to before 9999-01-01 (leave from or to out for no bound)";

    public static bool InRange(DateTimeOffset time) => time >= Earliest && time < End;

    public static bool InRange(DateTimeOffset? time) => time is not { } t || InRange(t);

    /// <summary>Whether <paramref name="utcTicks"/> (a cursor's time) is a time in range.</summary>
    public static bool InRange(long utcTicks) => utcTicks >= Earliest.UtcTicks && utcTicks < End.UtcTicks;
}
