namespace Orleans.Video.Analytics;

/// <summary>
/// Follows one camera's objects from frame to frame, SORT-style: each track's box is moved by its velocity to the new
/// frame's time, detections of the same label are matched to those predictions (or to the last box, for objects that
/// stopped) by IoU, greedily, best overlap first; a track mostly hidden behind a nearer one (whose box reaches lower in
/// the picture) counts for less, as a detection the two of them overlap is more likely the nearer one's. A detection
/// left over then goes to a track missing for a while (occluded, missed by the detector) when it is near where that
/// track should be by now; what is still left starts new tracks. Only analysed frames count: frames the motion gate or
/// a full pipeline skipped neither confirm nor lose anything.
/// </summary>
/// <param name="idBase">Added to the per-tracker counter so ids stay unique across decoder restarts (the camera's generation, shifted).</param>
/// <param name="firstNumber">The short number of this tracker's first confirmed track (<see cref="Track.Number"/>).</param>
public sealed class ObjectTracker(TrackerOptions options, long idBase, long firstNumber = 1)
{
    private readonly List<Track> _tracks = [];
    // Velocity is carried on at least this long, whatever ReconnectWithin says: a few dropped frames must not stop the
    // prediction of a fast object short of where it is.
    private static readonly TimeSpan MinPredictionHorizon = TimeSpan.FromSeconds(1);

    private readonly List<(float Rank, int Track, int Detection)> _pairs = [];
    private Box[] _predicted = [];
    private bool[] _behind = [];
    private long _lastId;
    private DateTimeOffset _lastTime = DateTimeOffset.MinValue;

    /// <summary>Every track, tentative ones included.</summary>
    public IReadOnlyList<Track> Tracks => _tracks;

    /// <summary>
    /// The picture's size in source pixels, when known: a track not seen whose predicted centre has left the picture is
    /// gone at once rather than held for <see cref="TrackerOptions.ReconnectWithin"/>, so an object that walks in where
    /// another just walked out is not taken for it.
    /// </summary>
    public (float Width, float Height)? Picture { get; set; }

    /// <summary>The number the next confirmed track gets.</summary>
    public long NextNumber => firstNumber + _lastId;

    /// <summary>Feeds one analysed frame. Frames older than the last one fed are ignored (they arrived late).</summary>
    public TrackerUpdate Update(DateTimeOffset time, long sequence, IReadOnlyList<Detection> detections)
    {
        if (time < _lastTime)
        {
            return new TrackerUpdate([], []);
        }
        _lastTime = time;
        var matchedTrack = new bool[_tracks.Count];
        var matchedDetection = new bool[detections.Count];
        Predict(time);
        var seen = new List<Track>();
        Match(time, detections, Overlaps, matchedTrack, matchedDetection, sequence, seen);
        Match(time, detections, Reconnects, matchedTrack, matchedDetection, sequence, seen);

        var lost = new List<Track>();
        for (var t = _tracks.Count - 1; t >= 0; t--)
        {
            if (matchedTrack[t])
            {
                continue;
            }
            var track = _tracks[t];
            track.Miss();
            // A tentative track missed once was a flicker; a confirmed one is held for a few misses and a short gap,
            // unless it walked out of the picture.
            if (!track.Confirmed || track.Misses >= options.MaxMissedFrames && time - track.LastSeen >= options.ReconnectWithin || LeftPicture(_predicted[t]))
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
                    Confirm(track);
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

    /// <summary>Pairs the tracks and detections not matched yet that <paramref name="rank"/> allows, highest rank first, greedily.</summary>
    private void Match(
        DateTimeOffset time, IReadOnlyList<Detection> detections, Func<int, Detection, DateTimeOffset, float> rank,
        bool[] matchedTrack, bool[] matchedDetection, long sequence, List<Track> seen)
    {
        _pairs.Clear();
        for (var t = 0; t < matchedTrack.Length; t++)
        {
            for (var d = 0; d < detections.Count; d++)
            {
                if (!matchedTrack[t] && !matchedDetection[d] && detections[d].Label == _tracks[t].Label
                    && rank(t, detections[d], time) is > 0 and var value)
                {
                    _pairs.Add((value, t, d));
                }
            }
        }
        _pairs.Sort(static (a, b) => b.Rank.CompareTo(a.Rank));
        foreach (var (_, t, d) in _pairs)
        {
            if (matchedTrack[t] || matchedDetection[d])
            {
                continue;
            }
            matchedTrack[t] = matchedDetection[d] = true;
            var track = _tracks[t];
            track.Hit(detections[d], time, sequence, options.StationaryAfter);
            if (!track.Confirmed && track.Hits >= options.MinHits)
            {
                Confirm(track);
            }
            if (track.Confirmed)
            {
                seen.Add(track);
            }
        }
    }

    private void Confirm(Track track)
    {
        _lastId++;
        track.Id = idBase + _lastId;
        track.Number = firstNumber + _lastId - 1;
    }

    /// <summary>
    /// The better of the overlap with the prediction (a moving object) and with the last box (one that stopped, which a
    /// velocity guess overshoots); see <see cref="Similarity"/>.
    /// </summary>
    private float Overlaps(int t, Detection detection, DateTimeOffset time) =>
        Math.Max(Similarity(_predicted[t], detection.Box), Similarity(_tracks[t].Box, detection.Box)) * (_behind[t] ? 0.5f : 1);

    /// <summary>Where each track should be now, and which are mostly (over half their box) behind a nearer confirmed one there.</summary>
    private void Predict(DateTimeOffset time)
    {
        var horizon = options.ReconnectWithin > MinPredictionHorizon ? options.ReconnectWithin : MinPredictionHorizon;
        _predicted = _tracks.Select(track => track.PredictAt(time, horizon)).ToArray();
        _behind = new bool[_tracks.Count];
        for (var t = 0; t < _tracks.Count; t++)
        {
            for (var u = 0; u < _tracks.Count && !_behind[t]; u++)
            {
                _behind[t] = u != t && _tracks[u].Confirmed && _predicted[u].Bottom > _predicted[t].Bottom
                    && _predicted[t].Overlap(_predicted[u]) > 0.5f * _predicted[t].Area;
            }
        }
    }

    private bool LeftPicture(Box predicted)
    {
        if (Picture is not { } picture)
        {
            return false;
        }
        var (x, y) = Track.Centre(predicted);
        return x < 0 || y < 0 || x > picture.Width || y > picture.Height;
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
        var distance = Distance(predicted, detected);
        if (size > 0 && distance < size && SimilarSize(predicted, detected))
        {
            return (float)options.MatchIou * 0.01f * (1 - distance / size);
        }
        return 0;
    }

    /// <summary>
    /// For a confirmed track that has been missing (occluded, missed by the detector) for up to
    /// <see cref="TrackerOptions.ReconnectWithin"/>: a box of similar size near where the track should be by now. The
    /// reach grows with the gap, as the object may have changed speed meanwhile: half a box size plus one a second.
    /// Nearest first.
    /// </summary>
    private float Reconnects(int t, Detection detection, DateTimeOffset time)
    {
        var track = _tracks[t];
        var gap = (float)(time - track.LastSeen).TotalSeconds;
        if (!track.Confirmed || track.Misses == 0 || gap > options.ReconnectWithin.TotalSeconds || !SimilarSize(track.Box, detection.Box))
        {
            return 0;
        }
        var reach = Math.Max(track.Box.Width, track.Box.Height) * (0.5f + gap);
        var distance = Distance(_predicted[t], detection.Box);
        return distance < reach ? 1 - distance / reach : 0;
    }

    private static float Distance(Box a, Box b)
    {
        var (ax, ay) = Track.Centre(a);
        var (bx, by) = Track.Centre(b);
        return MathF.Sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by));
    }

    private static bool SimilarSize(Box a, Box b) => a.Area > 0 && b.Area / a.Area is > 0.5f and < 2f;
}
