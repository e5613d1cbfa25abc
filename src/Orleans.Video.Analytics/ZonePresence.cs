namespace Orleans.Video.Analytics;

/// <summary>
/// Whether one tracked object is in one zone, with inertia: it enters after its anchor was inside for a number of
/// analysed frames in a row and leaves after as many outside, so an object walking along the edge, or a box that
/// jitters across it, makes one visit. Entries and exits are dated from the first frame of the run that decided them.
/// </summary>
internal sealed class ZonePresence(int inertia)
{
    private int _streak;
    private DateTimeOffset _streakStart;

    public bool Inside { get; private set; }

    /// <summary>Whether the anchor was inside in the latest frame, whatever the inertia made of it.</summary>
    public bool InsideNow { get; private set; }

    /// <summary>When the current (or last) visit began: the first frame of the run inside that made it.</summary>
    public DateTimeOffset EnteredAt { get; private set; }

    /// <summary>When the last visit ended: the first frame of the run outside that ended it.</summary>
    public DateTimeOffset LeftAt { get; private set; }

    /// <summary>Visits the events have been told of (their zone events' numbers).</summary>
    public int Visits { get; set; }

    /// <summary>Feeds one analysed frame in which the object was seen; true when it entered or left by it.</summary>
    public bool Observe(bool insideNow, DateTimeOffset time)
    {
        InsideNow = insideNow;
        if (insideNow == Inside)
        {
            _streak = 0;
            return false;
        }
        if (_streak++ == 0)
        {
            _streakStart = time;
        }
        if (_streak < inertia)
        {
            return false;
        }
        _streak = 0;
        Inside = insideNow;
        if (Inside)
        {
            EnteredAt = _streakStart;
        }
        else
        {
            LeftAt = _streakStart;
        }
        return true;
    }
}
