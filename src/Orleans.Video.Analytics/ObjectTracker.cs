namespace Orleans.Video.Analytics;

/// <summary>
/// Follows one camera's objects from frame to frame, SORT-style: each track's box is moved by its velocity
/// to the new frame's time, detections of the same label are matched to those predictions (or to the last
/// box, for objects that stopped) by IoU, greedily, best overlap first, and what is left over starts new tracks. Only analysed frames count: frames the
/// motion gate or a full pipeline skipped neither confirm nor lose anything.
/// </summary>
/// <param name="idBase">Added to the per-tracker counter so ids stay unique across decoder restarts (the camera's generation, shifted).</param>
public sealed class ObjectTracker(TrackerOptions options, long idBase)
{
    private readonly List<Track> _tracks = [];
    private readonly List<(float Similarity, int Track, int Detection)> _pairs = [];
    private long _lastId;
    private DateTimeOffset _lastTime = DateTimeOffset.MinValue;

    /// <summary>Every track, tentative ones included.</summary>
    public IReadOnlyList<Track> Tracks => _tracks;

    /// <summary>Feeds one analysed frame. Frames older than the last one fed are ignored (they arrived late).</summary>
    public TrackerUpdate Update(DateTimeOffset time, long sequence, IReadOnlyList<Detection> detections)
    {
        if (time < _lastTime)
        {
            return new TrackerUpdate([], []);
        }
        _lastTime = time;
        var horizon = options.LostAfter;
        var matchedTrack = new bool[_tracks.Count];
        var matchedDetection = new bool[detections.Count];
        _pairs.Clear();
        for (var t = 0; t < _tracks.Count; t++)
        {
            var track = _tracks[t];
            var predicted = track.PredictAt(time, horizon);
            for (var d = 0; d < detections.Count; d++)
            {
                // The prediction follows a moving object; the last box catches one that stopped (a velocity guess overshoots it).
                if (detections[d].Label == track.Label
                    && Math.Max(Similarity(predicted, detections[d].Box), Similarity(track.Box, detections[d].Box)) is > 0 and var similarity)
                {
                    _pairs.Add((similarity, t, d));
                }
            }
        }
        _pairs.Sort(static (a, b) => b.Similarity.CompareTo(a.Similarity));

        var seen = new List<Track>();
        foreach (var (_, t, d) in _pairs)
        {
            if (matchedTrack[t] || matchedDetection[d])
            {
                continue;
            }
            matchedTrack[t] = matchedDetection[d] = true;
            var track = _tracks[t];
            track.Hit(detections[d], time, sequence);
            if (!track.Confirmed && track.Hits >= options.MinHits)
            {
                track.Id = idBase + ++_lastId;
            }
            if (track.Confirmed)
            {
                seen.Add(track);
            }
        }

        var lost = new List<Track>();
        for (var t = _tracks.Count - 1; t >= 0; t--)
        {
            if (matchedTrack[t])
            {
                continue;
            }
            var track = _tracks[t];
            track.Miss();
            // A tentative track missed once was a flicker; a confirmed one survives a few misses and a short gap.
            if (!track.Confirmed || track.Misses >= options.MaxMissedFrames && time - track.LastSeen >= options.LostAfter)
            {
                _tracks.RemoveAt(t);
                if (track.Confirmed)
                {
                    lost.Add(track);
                }
            }
        }

        for (var d = 0; d < detections.Count; d++)
        {
            if (!matchedDetection[d])
            {
                var track = new Track(detections[d], time, sequence);
                if (options.MinHits <= 1)
                {
                    track.Id = idBase + ++_lastId;
                    seen.Add(track);
                }
                _tracks.Add(track);
            }
        }
        return new TrackerUpdate(seen, lost);
    }

    /// <summary>Gives up every track (the decoder stopped): the confirmed ones are returned as lost.</summary>
    public IReadOnlyList<Track> Clear()
    {
        var lost = _tracks.Where(track => track.Confirmed).ToArray();
        _tracks.Clear();
        return lost;
    }

    /// <summary>
    /// IoU with the prediction when it reaches <see cref="TrackerOptions.MatchIou"/>. Below that, a fast or
    /// small object sampled at a low rate (or on a busy machine, where frames are dropped) may not overlap its
    /// prediction at all: a box of similar size whose centre is within one box size still matches, ranked
    /// below every overlap so it never takes a detection from a track that overlaps it.
    /// </summary>
    private float Similarity(Box predicted, Box detected)
    {
        var iou = predicted.IoU(detected);
        if (iou >= options.MatchIou)
        {
            return iou;
        }
        var size = Math.Max(predicted.Width, predicted.Height);
        var dx = predicted.X + predicted.Width / 2 - (detected.X + detected.Width / 2);
        var dy = predicted.Y + predicted.Height / 2 - (detected.Y + detected.Height / 2);
        var distance = MathF.Sqrt(dx * dx + dy * dy);
        var areaRatio = predicted.Area > 0 ? detected.Area / predicted.Area : 0;
        if (size > 0 && distance < size && areaRatio is > 0.5f and < 2f)
        {
            return (float)options.MatchIou * 0.01f * (1 - distance / size);
        }
        return 0;
    }
}
