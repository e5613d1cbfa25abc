namespace Orleans.Video.Media;

/// <summary>
/// Paces the ffmpeg starts of a silo: at most <c>perSecond</c> a second, whatever the number of cameras that want one.
/// Starting ffmpeg costs a tenth of a core-second or so; a site outage or a cold start of hundreds of cameras would
/// otherwise start them all at once and starve the cameras that run. Thread-safe, one per silo.
/// </summary>
public sealed class DecoderStarts(double perSecond, TimeProvider clock)
{
    /// <summary>No pacing (tools and tests that run a single decoder).</summary>
    public static DecoderStarts Unlimited { get; } = new(double.PositiveInfinity, TimeProvider.System);

    private readonly object _lock = new();
    private readonly long _spacing = double.IsPositiveInfinity(perSecond) ? 0 : (long)(clock.TimestampFrequency / perSecond);
    private long _next = long.MinValue;

    /// <summary>
    /// Completes when this caller may start a decoder. Two starts are always at least 1/<c>perSecond</c> apart: the
    /// gap is taken from the moment a start is granted, so a caller that wakes late cannot let the next ones crowd in.
    /// </summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (_spacing == 0)
        {
            return;
        }
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = clock.GetTimestamp();
                if (now >= _next)
                {
                    _next = now + _spacing;
                    return;
                }
                wait = clock.GetElapsedTime(now, _next);
            }
            await Task.Delay(wait, clock, cancellationToken);
        }
    }
}
