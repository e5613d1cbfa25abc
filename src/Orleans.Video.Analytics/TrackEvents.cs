namespace Orleans.Video.Analytics;

/// <summary>What the events know of one confirmed track: whether it is worth events yet, and where it is.</summary>
internal sealed class TrackEvents(IReadOnlyList<Zone> zones, int defaultInertia)
{
    // Enough for a median over several seconds at any analysis rate; a track not worth events by then is judged on its latest.
    private const int MaxScores = 100;

    private List<float>? _scores = [];

    /// <summary>The track lasted long enough with a good enough median score: its events are sent from now on.</summary>
    public bool Worthy => _scores is null;

    /// <summary>Object events so far: a stationary object's ends, and one moving again starts the next.</summary>
    public int ObjectVisits { get; set; }

    /// <summary>Per zone, in the zones' order.</summary>
    public ZonePresence[] Zones { get; } = zones.Select(zone => new ZonePresence(zone.Inertia ?? defaultInertia)).ToArray();

    /// <summary>Notes a sighting's score; true once the track is worthy (it stays so).</summary>
    public bool Judge(Track track, TimeSpan minDuration, float minMedianScore)
    {
        if (_scores is null)
        {
            return true;
        }
        if (_scores.Count == MaxScores)
        {
            _scores.RemoveAt(0);
        }
        _scores.Add(track.Score);
        if (track.LastSeen - track.FirstSeen >= minDuration && Median(_scores) >= minMedianScore)
        {
            _scores = null;
        }
        return _scores is null;
    }

    private static float Median(List<float> scores)
    {
        var sorted = scores.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
