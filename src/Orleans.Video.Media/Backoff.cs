namespace Orleans.Video.Media;

/// <summary>
/// Reconnect delays: doubling from <c>initial</c> up to <c>max</c>, each drawn between half and all of the current
/// step. Cameras that lost their source together (a site outage, a switch reboot) then retry spread out, not in step.
/// </summary>
public sealed class Backoff(TimeSpan initial, TimeSpan max, Random random)
{
    private readonly TimeSpan _initial = initial;
    private TimeSpan _step = initial;

    /// <summary>The next delay to wait; the step after it is twice as long, up to the maximum.</summary>
    public TimeSpan Next()
    {
        var delay = _step * (0.5 + random.NextDouble() * 0.5);
        _step = TimeSpan.FromTicks(Math.Min(_step.Ticks * 2, max.Ticks));
        return delay;
    }

    /// <summary>The source delivered again: the next failure waits the initial step.</summary>
    public void Reset() => _step = _initial;
}
