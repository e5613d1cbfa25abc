using Orleans.Video.Analytics;
using Orleans.Video.Media;

namespace Orleans.Video.Grains.Events;

/// <summary>
/// The analysis a camera grain runs on its own results: tracks objects over analysed frames, turns them into
/// events and takes each event's snapshot from the frame that made it best (the camera still holds that frame).
/// </summary>
/// <param name="eventScore">The model's event threshold (<c>EventThreshold</c>): a track's median score must reach it.</param>
/// <param name="firstNumber">The short number of this run's first track; the camera reserved it (<see cref="NextNumber"/>).</param>
internal sealed class CameraEvents(
    string cameraId, CameraConfig config, int generation, TrackerOptions options, EventOptions rules, float eventScore, long firstNumber)
{
    /// <summary>Beyond this, the source's clock and the wall clock are taken to have parted ways (a stalled stream): re-anchor.</summary>
    private static readonly TimeSpan MaxClockDrift = TimeSpan.FromSeconds(10);

    // Track ids carry the generation, as frame sequences do: a restarted decoder never reuses one.
    private readonly ObjectTracker _tracker = new(options, FrameSequence.Create(generation, 0), firstNumber);
    private readonly EventTracker _events = new(cameraId, config.ZoneList, options, rules, eventScore);
    private DateTimeOffset? _anchor;
    private TimeSpan _lastSourceTime;
    private DateTimeOffset _lastTime = DateTimeOffset.MinValue;

    /// <summary>Objects being followed now.</summary>
    public int TrackedObjects => _tracker.Tracks.Count(track => track.Confirmed);

    /// <summary>The short number the next track gets.</summary>
    public long NextNumber => _tracker.NextNumber;

    /// <summary>Any track, confirmed or not: the camera keeps looking until each is confirmed gone.</summary>
    public bool Following => _tracker.Tracks.Count > 0;

    /// <summary>Feeds one analysed frame, the one <paramref name="snapshots"/> holds as its latest.</summary>
    /// <param name="decodedAt">When the frame left the decoder (wall clock).</param>
    /// <param name="sourceTime">Where the frame is in the source.</param>
    public IReadOnlyList<EventUpdate> Observe(DateTimeOffset decodedAt, TimeSpan sourceTime, long sequence, IReadOnlyList<Detection> detections, SnapshotKeeper snapshots)
    {
        var time = Clock(decodedAt, sourceTime);
        _tracker.Picture = snapshots.SourceSize;
        var changes = _events.Observe(_tracker.Update(time, sequence, detections), time);
        if (changes.Count == 0)
        {
            return [];
        }
        // One object often starts several events in one frame (appeared, entered a zone): one JPEG for all of them.
        var rendered = new Dictionary<long, byte[]?>();
        return changes.Select(change =>
        {
            byte[]? snapshot = null;
            if (change.BestFrame && change.Event.BestSequence == sequence)
            {
                var e = change.Event;
                if (!rendered.TryGetValue(e.TrackId, out snapshot))
                {
                    snapshot = snapshots.RenderJpeg((e.BestBox, $"{e.Label} #{e.TrackNumber} {e.BestScore:0.00}"));
                    rendered[e.TrackId] = snapshot;
                }
            }
            return new EventUpdate(change.Event, snapshot);
        }).ToArray();
    }

    /// <summary>
    /// The time of a frame for tracking and events: the wall clock at the source's start plus the frame's source
    /// time. Decode times alone bunch up whenever the machine is busy, and velocities computed from them are wrong.
    /// The anchor is reset when the source time goes back (a looped file, a reconnect) or drifts far from the wall
    /// clock (a stall, a camera whose real rate differs from the one it advertises); the result never goes back.
    /// </summary>
    private DateTimeOffset Clock(DateTimeOffset decodedAt, TimeSpan sourceTime)
    {
        if (_anchor is not { } anchor || sourceTime < _lastSourceTime || (decodedAt - (anchor + sourceTime)).Duration() > MaxClockDrift)
        {
            anchor = decodedAt - sourceTime;
            _anchor = anchor;
        }
        _lastSourceTime = sourceTime;
        // Never back in time: after re-anchoring a source that ran ahead of the wall clock, time stands still until
        // it catches up, rather than the tracker discarding every frame as older than the last.
        _lastTime = anchor + sourceTime > _lastTime ? anchor + sourceTime : _lastTime;
        return _lastTime;
    }

    /// <summary>Open events whose last sighting is newer than what is stored (see <see cref="EventTracker.TakeSightings"/>).</summary>
    public IReadOnlyList<EventUpdate> TakeSightings() =>
        _events.TakeSightings().Select(change => new EventUpdate(change.Event, null)).ToArray();

    /// <summary>The decoder stopped: every object is gone, every open event ends.</summary>
    public IReadOnlyList<EventUpdate> Stop() =>
        _events.CloseAll(_tracker.Clear()).Select(change => new EventUpdate(change.Event, null)).ToArray();
}
