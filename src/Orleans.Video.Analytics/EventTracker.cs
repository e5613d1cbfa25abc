namespace Orleans.Video.Analytics;

/// <summary>
/// Turns one camera's tracks into events: an object event while a confirmed track lives, a zone event
/// while its anchor point is inside a zone that watches its label, and a loitering event once it has stayed
/// in such a zone longer than the zone allows. Changes are reported only when an event starts, ends or
/// gets a better frame, so storage is written per event, not per frame.
/// </summary>
public sealed class EventTracker(string cameraId, IReadOnlyList<Zone> zones, TrackerOptions options)
{
    private readonly Dictionary<string, VideoEvent> _open = new(StringComparer.Ordinal);

    /// <summary>Open events seen since they were last reported: their stored last sighting is behind.</summary>
    private readonly HashSet<string> _unreported = new(StringComparer.Ordinal);

    /// <summary>Visits so far of each (track, zone): the latest one is going on while its zone event is open.</summary>
    private readonly Dictionary<(long Track, string Zone), int> _visits = [];

    /// <summary>Events still going on, by id.</summary>
    public IReadOnlyCollection<VideoEvent> Open => _open.Values;

    public IReadOnlyList<EventChange> Observe(TrackerUpdate update, DateTimeOffset time)
    {
        var changes = new List<EventChange>();
        foreach (var track in update.Seen)
        {
            Sighting(changes, EventId(track.Id, EventKind.Object, null, 0), track, EventKind.Object, null, track.FirstSeen);
            foreach (var zone in zones)
            {
                var visit = (track.Id, zone.Name);
                var number = _visits.GetValueOrDefault(visit);
                var inZone = number > 0 && _open.ContainsKey(EventId(track.Id, EventKind.Zone, zone.Name, number));
                if (zone.Watches(track.Label) && zone.Holds(track.Box))
                {
                    if (!inZone)
                    {
                        // Each visit is its own event: an object that steps out and back in makes a second one.
                        _visits[visit] = ++number;
                    }
                    var zoneEvent = EventId(track.Id, EventKind.Zone, zone.Name, number);
                    var entered = _open.TryGetValue(zoneEvent, out var current) ? current.Start : time;
                    Sighting(changes, zoneEvent, track, EventKind.Zone, zone.Name, entered);
                    if (zone.LoiterSeconds > 0 && time - entered >= TimeSpan.FromSeconds(zone.LoiterSeconds))
                    {
                        Sighting(changes, EventId(track.Id, EventKind.Loiter, zone.Name, number), track, EventKind.Loiter, zone.Name, entered);
                    }
                }
                else if (inZone)
                {
                    // Leaving the zone ends its loitering too.
                    End(changes, EventId(track.Id, EventKind.Zone, zone.Name, number), time);
                    End(changes, EventId(track.Id, EventKind.Loiter, zone.Name, number), time);
                }
            }
        }
        foreach (var track in update.Lost)
        {
            EndTrack(changes, track);
        }
        return changes;
    }

    /// <summary>
    /// Open events whose last sighting moved since they were last reported, as they are now. The camera sends
    /// these every few seconds, so an event a dead silo left open ends near the object's real last sighting.
    /// </summary>
    public IReadOnlyList<EventChange> TakeSightings()
    {
        var changes = _unreported.Where(_open.ContainsKey).Select(id => new EventChange(_open[id], BestFrame: false)).ToArray();
        _unreported.Clear();
        return changes;
    }

    /// <summary>Ends every open event at its last sighting (the decoder stopped, tracks are gone).</summary>
    public IReadOnlyList<EventChange> CloseAll(IEnumerable<Track> lost)
    {
        var changes = new List<EventChange>();
        foreach (var track in lost)
        {
            EndTrack(changes, track);
        }
        foreach (var id in _open.Keys.ToArray())
        {
            End(changes, id, _open[id].LastSeen);
        }
        _visits.Clear();
        _unreported.Clear();
        return changes;
    }

    /// <summary>"{track}-object", or "{track}-zone-{zone}-{visit}" / "{track}-loiter-{zone}-{visit}" (visits count from 1).</summary>
    public static string EventId(long trackId, EventKind kind, string? zone, int visit) => kind switch
    {
        EventKind.Object => $"{trackId}-object",
        EventKind.Zone => $"{trackId}-zone-{zone}-{visit}",
        _ => $"{trackId}-loiter-{zone}-{visit}",
    };

    private void EndTrack(List<EventChange> changes, Track track)
    {
        End(changes, EventId(track.Id, EventKind.Object, null, 0), track.LastSeen);
        foreach (var zone in zones)
        {
            if (_visits.Remove((track.Id, zone.Name), out var number))
            {
                End(changes, EventId(track.Id, EventKind.Zone, zone.Name, number), track.LastSeen);
                End(changes, EventId(track.Id, EventKind.Loiter, zone.Name, number), track.LastSeen);
            }
        }
    }

    /// <summary>The track was seen in this event's situation: start the event, or note a better frame.</summary>
    private void Sighting(List<EventChange> changes, string id, Track track, EventKind kind, string? zone, DateTimeOffset start)
    {
        if (!_open.TryGetValue(id, out var current))
        {
            var started = new VideoEvent
            {
                CameraId = cameraId,
                Id = id,
                Kind = kind,
                Label = track.Label,
                TrackId = track.Id,
                Zone = zone,
                Start = start,
                LastSeen = track.LastSeen,
                BestScore = track.Score,
                BestBox = track.Box,
                BestSequence = track.Sequence,
            };
            _open[id] = started;
            changes.Add(new EventChange(started, BestFrame: true));
            _unreported.Remove(id);
            return;
        }
        if (track.Score >= current.BestScore + options.SnapshotImprovement)
        {
            var better = current with { BestScore = track.Score, BestBox = track.Box, BestSequence = track.Sequence, LastSeen = track.LastSeen };
            _open[id] = better;
            changes.Add(new EventChange(better, BestFrame: true));
            _unreported.Remove(id);
        }
        else if (track.LastSeen != current.LastSeen)
        {
            // Not worth a write of its own: reported with the next batch of sightings (TakeSightings).
            _open[id] = current with { LastSeen = track.LastSeen };
            _unreported.Add(id);
        }
    }

    private void End(List<EventChange> changes, string id, DateTimeOffset end)
    {
        _unreported.Remove(id);
        if (_open.Remove(id, out var current))
        {
            changes.Add(new EventChange(current with { End = end < current.Start ? current.Start : end }, BestFrame: false));
        }
    }
}
