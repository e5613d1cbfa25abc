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
    private readonly TimeSpan _spacing = double.IsPositiveInfinity(perSecond) ? TimeSpan.Zero : TimeSpan.FromSeconds(1 / perSecond);
    private long _nextSlot = long.MinValue;

    /// <summary>Completes when this caller may start a decoder: each start takes the next free slot, slots evenly spaced.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        if (_spacing == TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }
        TimeSpan wait;
        lock (_lock)
        {
            var now = clock.GetTimestamp();
            var slot = Math.Max(now, _nextSlot);
            _nextSlot = slot + (long)(_spacing.TotalSeconds * clock.TimestampFrequency);
            wait = clock.GetElapsedTime(now, slot);
        }
        return wait <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(wait, clock, cancellationToken);
    }
}
