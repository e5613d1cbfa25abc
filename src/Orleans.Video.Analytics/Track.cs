namespace Orleans.Video.Analytics;

/// <summary>One object followed across frames, with a constant-velocity guess of where it is next.</summary>
public sealed class Track
{
    // Velocity is smoothed: one jittery box should not send the prediction off.
    private const float VelocitySmoothing = 0.5f;

    // A box overlapping where the object stopped by at least this much has not moved: detector jitter on a parked car
    // stays well above it, a person walking away drops below it within a second.
    private const float StillIou = 0.5f;

    private Box _stillBox;
    private DateTimeOffset _stillSince;

    internal Track(Detection detection, DateTimeOffset time, long sequence)
    {
        Label = detection.Label;
        Box = _stillBox = detection.Box;
        Score = detection.Score;
        FirstSeen = LastSeen = _stillSince = time;
        Sequence = sequence;
        Hits = 1;
    }

    /// <summary>0 until the track is confirmed (<see cref="TrackerOptions.MinHits"/>), then unique per camera.</summary>
    public long Id { get; internal set; }

    /// <summary>The short number people see (<c>#17</c>): counts the camera's tracks; 0 until confirmed.</summary>
    public long Number { get; internal set; }

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

    /// <summary>The box has stayed in place for <see cref="TrackerOptions.StationaryAfter"/>; cleared when it moves.</summary>
    public bool Stationary { get; private set; }

    /// <summary>Pixels per second of the box centre.</summary>
    public (float X, float Y) Velocity { get; private set; }

    /// <summary>Where the box should be at <paramref name="time"/> if the object keeps its speed.</summary>
    public Box PredictAt(DateTimeOffset time, TimeSpan horizon)
    {
        var seconds = (float)Math.Clamp((time - LastSeen).TotalSeconds, 0, horizon.TotalSeconds);
        return Box with { X = Box.X + Velocity.X * seconds, Y = Box.Y + Velocity.Y * seconds };
    }

    internal void Hit(Detection detection, DateTimeOffset time, long sequence, TimeSpan stationaryAfter)
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
        if (_stillBox.IoU(detection.Box) < StillIou)
        {
            _stillBox = detection.Box;
            _stillSince = time;
            Stationary = false;
        }
        else if (stationaryAfter > TimeSpan.Zero && time - _stillSince >= stationaryAfter)
        {
            Stationary = true;
        }
        Box = detection.Box;
        Score = detection.Score;
        LastSeen = time;
        Sequence = sequence;
        Hits++;
        Misses = 0;
    }

    internal void Miss() => Misses++;

    internal static (float X, float Y) Centre(Box box) => (box.X + box.Width / 2, box.Y + box.Height / 2);
}
