using Orleans.Video.Analytics;

namespace Orleans.Video.Grains.Jobs;

/// <summary>
/// A job's tracking: its analysed frames fed in media order, across chunk borders as if the file were one chunk,
/// turned into events as a camera's are. Frames that found nothing are fed too (their numbers follow from the job's
/// sampling): they are what loses a track. Deterministic, so running it again over the same chunks (after a restart)
/// makes the same events with the same ids.
/// </summary>
internal sealed class JobTracking(string jobId, JobOptions options, double frameRate, TrackerOptions tracker, EventOptions rules, float eventScore)
{
    private readonly ObjectTracker _tracker = new(tracker, 0);
    private readonly EventTracker _events = new(jobId, options.ZoneList, tracker, rules, eventScore);
    private readonly Dictionary<string, JobEvent> _changed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>The file's picture size, source pixels, when known (see <see cref="ObjectTracker.Picture"/>).</summary>
    public (float Width, float Height)? Picture
    {
        get => _tracker.Picture;
        init => _tracker.Picture = value;
    }

    /// <summary>Every event seen so far.</summary>
    public int Events { get; private set; }

    /// <summary>Feeds a chunk's frames [<paramref name="firstFrame"/>, +<paramref name="frameCount"/>) with what they found.</summary>
    public void Observe(long firstFrame, int frameCount, IReadOnlyList<JobFrame> found)
    {
        var next = 0;
        for (var frame = firstFrame; frame < firstFrame + frameCount; frame++)
        {
            if (!JobSampling.Takes(frame, frameRate, options.Fps))
            {
                continue;
            }
            while (next < found.Count && found[next].Frame < frame)
            {
                next++;
            }
            IReadOnlyList<Detection> detections = next < found.Count && found[next].Frame == frame ? found[next].Detections : [];
            var time = At(frame);
            Record(_events.Observe(_tracker.Update(time, frame, detections), time));
        }
    }

    /// <summary>The file ended: every object is gone, every open event ends at its last sighting.</summary>
    public void End() => Record(_events.CloseAll(_tracker.Clear()));

    /// <summary>The events changed since the last call, as they are now.</summary>
    public List<JobEvent> TakeChanges()
    {
        var changes = _changed.Values.ToList();
        _changed.Clear();
        return changes;
    }

    private DateTimeOffset At(long frame) => new(JobSampling.TimeOf(frame, frameRate).Ticks, TimeSpan.Zero);

    private void Record(IReadOnlyList<EventChange> changes)
    {
        foreach (var change in changes)
        {
            var e = change.Event;
            if (_seen.Add(e.Id))
            {
                Events++;
            }
            _changed[e.Id] = new JobEvent(
                e.Id, e.Kind, e.Label, e.TrackId, e.Zone, new TimeSpan(e.Start.UtcTicks), e.End is { } end ? new TimeSpan(end.UtcTicks) : null,
                e.BestScore, e.BestBox, e.BestSequence);
        }
    }
}
