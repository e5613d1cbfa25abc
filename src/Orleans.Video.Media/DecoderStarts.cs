namespace Orleans.Video.Media;

/// <summary>
/// Paces the ffmpeg starts of a silo: at most <c>perSecond</c> in any second, whatever the number of cameras that
/// want one. Starting ffmpeg costs a tenth of a core-second or so; a site outage or a cold start of hundreds of
/// cameras would otherwise start them all at once and starve the cameras that run. A window rather than an even
/// spacing: the few cameras a failover brings to a silo start at once instead of a fifth of a second apart each.
/// Thread-safe, one per silo.
/// </summary>
public sealed class DecoderStarts
{
    /// <summary>No pacing (tools and tests that run a single decoder).</summary>
    public static DecoderStarts Unlimited { get; } = new(double.PositiveInfinity, TimeProvider.System);

    private readonly TimeProvider _clock;
    private readonly object _lock = new();

    /// <summary>When the last starts were granted, oldest first once full (a ring); null: no pacing.</summary>
    private readonly long[]? _granted;
    private readonly long _window;
    private int _count;
    private int _oldest;

    public DecoderStarts(double perSecond, TimeProvider clock)
    {
        _clock = clock;
        if (double.IsPositiveInfinity(perSecond))
        {
            return;
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        // perSecond starts a second; below one a second, one start per 1/perSecond seconds.
        var starts = Math.Max(1, (int)perSecond);
        _granted = new long[starts];
        _window = (long)(clock.TimestampFrequency * starts / perSecond);
    }

    /// <summary>
    /// Completes when this caller may start a decoder: no window of a second holds more grants than the limit. A grant
    /// counts from the moment it is given, so a caller that wakes late cannot let the next ones crowd in.
    /// </summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (_granted is null)
        {
            return;
        }
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = _clock.GetTimestamp();
                if (_count < _granted.Length)
                {
                    _granted[(_oldest + _count++) % _granted.Length] = now;
                    return;
                }
                var freeAt = _granted[_oldest] + _window;
                if (now >= freeAt)
                {
                    _granted[_oldest] = now;
                    _oldest = (_oldest + 1) % _granted.Length;
                    return;
                }
                wait = _clock.GetElapsedTime(now, freeAt);
            }
            await Task.Delay(wait, _clock, cancellationToken);
        }
    }
}
