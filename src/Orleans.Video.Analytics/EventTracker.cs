namespace Orleans.Video.Analytics;

/// <summary>
/// Turns one camera's tracks into events: an object event while a confirmed track lives and moves, a zone event while
/// its anchor point is inside a zone that watches its label (with the zone's inertia), and a loitering event once it
/// has stayed in such a zone longer than the zone allows. A track makes no event until it is worth one: it lasted
/// <see cref="EventOptions.MinDuration"/> with a median score of at least the model's event threshold; its events are
/// then dated from when they really began. A stationary object's object event ends, as do its visits of zones that do
/// not keep stationary objects. Changes are reported only when an event starts, ends or gets a better frame, so storage
/// is written per event, not per frame.
/// </summary>
/// <param name="minMedianScore">The model's event threshold: a track's median score must reach it.</param>
public sealed class EventTracker(string cameraId, IReadOnlyList<Zone> zones, TrackerOptions tracking, EventOptions rules, float minMedianScore = 0)
{
    private readonly Dictionary<string, VideoEvent> _open = new(StringComparer.Ordinal);

    /// <summary>Open events seen since they were last reported: their stored last sighting is behind.</summary>
    private readonly HashSet<string> _unreported = new(StringComparer.Ordinal);

    private readonly Dictionary<long, TrackEvents> _tracks = [];

    /// <summary>Events still going on, by id.</summary>
    public IReadOnlyCollection<VideoEvent> Open => _open.Values;

    public IReadOnlyList<EventChange> Observe(TrackerUpdate update, DateTimeOffset time)
    {
        var changes = new List<EventChange>();
        foreach (var track in update.Seen)
        {
            if (!_tracks.TryGetValue(track.Id, out var state))
            {
                _tracks[track.Id] = state = new TrackEvents(zones, tracking.ZoneInertia);
            }
            for (var z = 0; z < zones.Count; z++)
            {
                var zone = zones[z];
                state.Zones[z].Observe(zone.Watches(track.Label) && zone.Holds(track.Box) && (!track.Stationary || zone.KeepsStationary), time);
            }
            if (state.Judge(track, rules.MinDuration, minMedianScore))
            {
                ObjectEvent(changes, track, state);
                for (var z = 0; z < zones.Count; z++)
                {
                    ZoneEvents(changes, track, zones[z], state.Zones[z], time);
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
        _tracks.Clear();
        _unreported.Clear();
        return changes;
    }

    /// <summary>
    /// "{track}-object" ("{track}-object-{n}" when a stationary object moves again), or "{track}-zone-{zone}-{visit}" /
    /// "{track}-loiter-{zone}-{visit}" (visits count from 1).
    /// </summary>
    public static string EventId(long trackId, EventKind kind, string? zone, int visit) => kind switch
    {
        EventKind.Object => visit > 1 ? $"{trackId}-object-{visit}" : $"{trackId}-object",
        EventKind.Zone => $"{trackId}-zone-{zone}-{visit}",
        _ => $"{trackId}-loiter-{zone}-{visit}",
    };

    /// <summary>Open while the object moves: a stationary one's event ends, and it starts another when it moves again.</summary>
    private void ObjectEvent(List<EventChange> changes, Track track, TrackEvents state)
    {
        var id = EventId(track.Id, EventKind.Object, null, state.ObjectVisits);
        var open = state.ObjectVisits > 0 && _open.ContainsKey(id);
        if (track.Stationary)
        {
            if (open)
            {
                End(changes, id, track.LastSeen);
            }
            return;
        }
        if (!open)
        {
            id = EventId(track.Id, EventKind.Object, null, ++state.ObjectVisits);
        }
        Sighting(changes, id, track, EventKind.Object, null, state.ObjectVisits == 1 ? track.FirstSeen : track.LastSeen);
    }

    private void ZoneEvents(List<EventChange> changes, Track track, Zone zone, ZonePresence presence, DateTimeOffset time)
    {
        var id = EventId(track.Id, EventKind.Zone, zone.Name, presence.Visits);
        var open = presence.Visits > 0 && _open.ContainsKey(id);
        if (!presence.Inside)
        {
            if (open)
            {
                // Leaving the zone ends its loitering too.
                End(changes, id, presence.LeftAt);
                End(changes, EventId(track.Id, EventKind.Loiter, zone.Name, presence.Visits), presence.LeftAt);
            }
            return;
        }
        if (!open)
        {
            // Each visit is its own event: an object that steps out and back in makes a second one.
            id = EventId(track.Id, EventKind.Zone, zone.Name, ++presence.Visits);
        }
        else if (!presence.InsideNow)
        {
            return; // outside for fewer frames than the zone's inertia: still in, but this is not a sighting in the zone
        }
        Sighting(changes, id, track, EventKind.Zone, zone.Name, presence.EnteredAt);
        if (zone.LoiterSeconds > 0 && time - presence.EnteredAt >= TimeSpan.FromSeconds(zone.LoiterSeconds))
        {
            Sighting(changes, EventId(track.Id, EventKind.Loiter, zone.Name, presence.Visits), track, EventKind.Loiter, zone.Name, presence.EnteredAt);
        }
    }

    private void EndTrack(List<EventChange> changes, Track track)
    {
        if (!_tracks.Remove(track.Id, out var state))
        {
            return;
        }
        End(changes, EventId(track.Id, EventKind.Object, null, state.ObjectVisits), track.LastSeen);
        for (var z = 0; z < zones.Count; z++)
        {
            if (state.Zones[z].Visits is > 0 and var visit)
            {
                End(changes, EventId(track.Id, EventKind.Zone, zones[z].Name, visit), track.LastSeen);
                End(changes, EventId(track.Id, EventKind.Loiter, zones[z].Name, visit), track.LastSeen);
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
                TrackNumber = track.Number,
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
        if (track.Score >= current.BestScore + tracking.SnapshotImprovement)
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
