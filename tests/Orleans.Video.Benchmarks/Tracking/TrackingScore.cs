using Orleans.Video.Analytics;

namespace Orleans.Video.Benchmarks.Tracking;

/// <summary>How one run of the trackers over a generated scene compares with the scene's truth.</summary>
/// <param name="Fragments">Extra tracks an object was split into (0: each object one track).</param>
/// <param name="Switches">Extra objects a track was given (0: no track ever followed a second object).</param>
/// <param name="MissedVisits">Zone visits in the truth without a zone event of their object.</param>
/// <param name="ExtraVisits">Zone events beyond the truth's visits (flicker at an edge, split tracks).</param>
/// <param name="Short">Ended object and zone events shorter than a second.</param>
public sealed record TrackingScore(
    int Objects, int Tracks, int Fragments, int Switches, int TrueVisits, int Visits, int MissedVisits, int ExtraVisits,
    int TrueObjectEvents, int ObjectEvents, int Short, int Events)
{
    private static readonly DateTimeOffset Epoch = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Zone entries as in the truth, no identity switch, no split track, object events as in the truth.</summary>
    public bool Exact => Fragments == 0 && Switches == 0 && MissedVisits == 0 && ExtraVisits == 0 && ObjectEvents == TrueObjectEvents;

    public static TrackingScore Of(GeneratedScene scene, TrackerOptions tracking, EventOptions rules, TextWriter? trace = null)
    {
        var tracker = new ObjectTracker(tracking, idBase: 0) { Picture = GeneratedScene.Picture };
        var events = new EventTracker("bench", [scene.Zone], tracking, rules);
        // Frames each track was given each object's detections in.
        var owners = new Dictionary<long, Dictionary<int, int>>();
        var changes = new List<EventChange>();
        var sequence = 0L;
        foreach (var (t, found) in scene.Frames())
        {
            var time = Epoch + TimeSpan.FromSeconds(t);
            var update = tracker.Update(time, ++sequence, found.Select(f => f.Detection).ToArray());
            foreach (var track in update.Seen)
            {
                // A track seen in this frame holds the very box it was given.
                var k = found.First(f => f.Detection.Box == track.Box).Object;
                trace?.WriteLine($"{t:0.0} object {k} track {track.Id} at {track.Box.X:0},{track.Box.Y:0}");
                var frames = owners.TryGetValue(track.Id, out var o) ? o : owners[track.Id] = [];
                frames[k] = frames.GetValueOrDefault(k) + 1;
            }
            foreach (var (d, k) in found.Where(f => !update.Seen.Any(s => s.Box == f.Detection.Box)))
            {
                trace?.WriteLine($"{t:0.0} object {k} unmatched at {d.Box.X:0},{d.Box.Y:0}");
            }
            changes.AddRange(events.Observe(update, time));
        }
        changes.AddRange(events.CloseAll(tracker.Clear()));

        var final = changes.GroupBy(c => c.Event.Id).Select(g => g.Last().Event).ToList();
        var owner = owners.ToDictionary(o => o.Key, o => o.Value.MaxBy(frames => frames.Value).Key);
        var truth = scene.TrueVisits();
        var visits = new int[scene.Objects.Count];
        var unowned = 0;
        foreach (var e in final.Where(e => e.Kind == EventKind.Zone))
        {
            if (owner.TryGetValue(e.TrackId, out var k))
            {
                visits[k]++;
            }
            else
            {
                unowned++;
            }
        }
        return new TrackingScore(
            scene.Objects.Count,
            owners.Count,
            Fragments: Enumerable.Range(0, scene.Objects.Count).Sum(k => Math.Max(0, owners.Count(o => o.Value.ContainsKey(k)) - 1)),
            Switches: owners.Values.Sum(o => o.Count - 1),
            truth.Sum(),
            visits.Sum() + unowned,
            MissedVisits: truth.Zip(visits, (want, got) => Math.Max(0, want - got)).Sum(),
            ExtraVisits: truth.Zip(visits, (want, got) => Math.Max(0, got - want)).Sum() + unowned,
            scene.ObjectEvents ?? scene.Objects.Count,
            final.Count(e => e.Kind == EventKind.Object),
            final.Count(e => e.Kind != EventKind.Loiter && e.End - e.Start < TimeSpan.FromSeconds(1)),
            final.Count(e => e.Kind != EventKind.Loiter));
    }
}
