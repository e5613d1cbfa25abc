namespace Orleans.Video.Analytics;

/// <summary>One object followed across frames, with a constant-velocity guess of where it is next.</summary>
public sealed class Track
{
    // Velocity is smoothed: one jittery box should not send the prediction off.
    private const float VelocitySmoothing = 0.5f;

    internal Track(Detection detection, DateTimeOffset time, long sequence)
    {
        Label = detection.Label;
        Box = detection.Box;
        Score = detection.Score;
        FirstSeen = LastSeen = time;
        Sequence = sequence;
        Hits = 1;
    }

    /// <summary>0 until the track is confirmed (<see cref="TrackerOptions.MinHits"/>), then unique per camera.</summary>
    public long Id { get; internal set; }

    public string Label { get; }

    /// <summary>The latest detected box, source pixels.</summary>
    public Box Box { get; private set; }

    /// <summary>The latest detection's score.</summary>
    public float Score { get; private set; }

    public DateTimeOffset FirstSeen { get; }

    public DateTimeOffset LastSeen { get; private set; }

    /// <summary>The frame of the latest detection.</summary>
    public long Sequence { get; private set; }

    public int Hits { get; private set; }

    /// <summary>Analysed frames in a row without this object.</summary>
    public int Misses { get; private set; }

    public bool Confirmed => Id != 0;

    /// <summary>Pixels per second of the box centre.</summary>
    public (float X, float Y) Velocity { get; private set; }

    /// <summary>Where the box should be at <paramref name="time"/> if the object keeps its speed.</summary>
    public Box PredictAt(DateTimeOffset time, TimeSpan horizon)
    {
        var seconds = (float)Math.Clamp((time - LastSeen).TotalSeconds, 0, horizon.TotalSeconds);
        return Box with { X = Box.X + Velocity.X * seconds, Y = Box.Y + Velocity.Y * seconds };
    }

    internal void Hit(Detection detection, DateTimeOffset time, long sequence)
    {
        var seconds = (float)(time - LastSeen).TotalSeconds;
        if (seconds > 0)
        {
            var vx = (Centre(detection.Box).X - Centre(Box).X) / seconds;
            var vy = (Centre(detection.Box).Y - Centre(Box).Y) / seconds;
            Velocity = Hits == 1
                ? (vx, vy)
                : (Velocity.X + VelocitySmoothing * (vx - Velocity.X), Velocity.Y + VelocitySmoothing * (vy - Velocity.Y));
        }
        Box = detection.Box;
        Score = detection.Score;
        LastSeen = time;
        Sequence = sequence;
        Hits++;
        Misses = 0;
    }

    internal void Miss() => Misses++;

    private static (float X, float Y) Centre(Box box) => (box.X + box.Width / 2, box.Y + box.Height / 2);
}
