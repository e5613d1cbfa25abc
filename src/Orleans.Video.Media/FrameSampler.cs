namespace Orleans.Video.Media;

/// <summary>
/// Picks frames at a target rate from a source that delivers more. A frame is taken when its time reaches
/// the next due time; after a gap (a stall, a slow source) sampling restarts from the frame that ended it
/// instead of taking a burst to catch up.
/// </summary>
public sealed class FrameSampler(double fps)
{
    private readonly TimeSpan _interval = TimeSpan.FromSeconds(1 / fps);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(1);
    private TimeSpan? _nextDue;

    public bool ShouldTake(TimeSpan frameTime)
    {
        // A millisecond of tolerance absorbs timestamp rounding (25 fps sampled at 5 is every 5th frame, not 6-then-4).
        if (_nextDue is { } due && frameTime + Tolerance < due)
        {
            return false;
        }
        _nextDue = _nextDue is { } previous && frameTime - previous < _interval
            ? previous + _interval
            : frameTime + _interval;
        return true;
    }

    /// <summary>Starts over, e.g. when a source loops back to time zero or reconnects.</summary>
    public void Reset() => _nextDue = null;
}
