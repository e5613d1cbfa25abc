using static Orleans.Video.Analytics.Tests.Scene;

namespace Orleans.Video.Analytics.Tests;

public sealed class EventTrackerTests
{
    [Fact]
    public void A_person_crossing_a_zone_makes_appeared_entered_left_and_gone_events_in_that_order()
    {
        // The zone covers x 200..400; the anchor is the bottom-centre of the 40 px wide box.
        var scene = new Scene([Square("door", 200, 0, 200)]);
        for (var x = 0; x <= 600; x += 20)
        {
            scene.Frame(Person(x, 50));
        }
        scene.Frame();
        scene.Frame();
        for (var i = 0; i < 10; i++)
        {
            scene.Frame();
        }

        var timeline = scene.Changes
            .Select(c => (c.Event.Kind, Ended: c.Event.End is not null))
            .ToList();
        Assert.Equal(
            [(EventKind.Object, false), (EventKind.Zone, false), (EventKind.Zone, true), (EventKind.Object, true)],
            timeline.Distinct().ToList());
        var zone = scene.Changes.Last(c => c.Event.Kind == EventKind.Zone).Event;
        Assert.Equal("door", zone.Zone);
        // Anchor x = box.X + 20 enters at box.X = 180 (frame 10) and leaves at box.X = 380 (frame 20).
        Assert.Equal(Start + TimeSpan.FromSeconds(10 / 5.0), zone.Start);
        Assert.Equal(Start + TimeSpan.FromSeconds(20 / 5.0), zone.End);
        var appeared = scene.Changes.First().Event;
        Assert.Equal(Start + TimeSpan.FromSeconds(1 / 5.0), appeared.Start);
        Assert.Equal(Start + TimeSpan.FromSeconds(31 / 5.0), scene.Changes.Last().Event.End);
    }

    [Fact]
    public void Staying_in_a_zone_longer_than_its_loitering_time_makes_a_loitering_event_that_ends_with_the_visit()
    {
        var scene = new Scene([Square("yard", 0, 0, 300, loiterSeconds: 3)]);
        for (var i = 0; i < 25; i++)
        {
            scene.Frame(Person(100 + i, 100));
        }
        for (var i = 0; i < 10; i++)
        {
            scene.Frame(Person(130 + i * 30, 100)); // walks out
        }
        var loiter = scene.Changes.Where(c => c.Event.Kind == EventKind.Loiter).Select(c => c.Event).ToList();
        Assert.Equal(2, loiter.Count);
        // In the zone from its confirmation (frame 2, 0.4 s); loitering reported 3 s later (frame 17), dated from the entry.
        var started = scene.Changes.First(c => c.Event.Kind == EventKind.Loiter);
        Assert.Equal(Start + TimeSpan.FromSeconds(0.4), started.Event.Start);
        Assert.Equal(17, started.Event.BestSequence);
        var zoneEnd = scene.Changes.Single(c => c.Event.Kind == EventKind.Zone && c.Event.End is not null).Event.End;
        Assert.Equal(zoneEnd, loiter[1].End);
    }

    [Fact]
    public void A_short_visit_makes_no_loitering_event()
    {
        var scene = new Scene([Square("yard", 0, 0, 300, loiterSeconds: 3)]);
        for (var i = 0; i < 10; i++)
        {
            scene.Frame(Person(100, 100));
        }
        for (var i = 0; i < 10; i++)
        {
            scene.Frame(Person(500, 100));
        }
        Assert.DoesNotContain(scene.Changes, c => c.Event.Kind == EventKind.Loiter);
        Assert.Contains(scene.Changes, c => c.Event.Kind == EventKind.Zone && c.Event.End is not null);
    }

    [Fact]
    public void A_zone_watching_cars_ignores_people()
    {
        var scene = new Scene([Square("drive", 0, 0, 500, 0, "car")]);
        for (var i = 0; i < 5; i++)
        {
            scene.Frame(Person(100, 100), Car(200, 300));
        }
        var zoneEvents = scene.Changes.Where(c => c.Event.Kind == EventKind.Zone).ToList();
        Assert.Equal("car", Assert.Single(zoneEvents).Event.Label);
    }

    [Fact]
    public void The_best_frame_moves_only_when_the_score_improves_enough()
    {
        var scene = new Scene(options: new TrackerOptions { SnapshotImprovement = 0.05 });
        float[] scores = [0.5f, 0.52f, 0.6f, 0.58f, 0.9f, 0.7f];
        foreach (var score in scores)
        {
            scene.Frame(Person(100, 100, score));
        }
        var best = scene.Changes.Where(c => c.BestFrame).Select(c => c.Event.BestScore).ToList();
        // Confirmed on the second frame (0.52), then 0.6 and 0.9 beat the best by 0.05 or more.
        Assert.Equal([0.52f, 0.6f, 0.9f], best);
        Assert.Equal(5, scene.Changes.Last().Event.BestSequence);
    }

    [Fact]
    public void Stopping_ends_every_open_event_at_the_last_sighting()
    {
        var scene = new Scene([Square("all", 0, 0, 1000)], new TrackerOptions { ZoneInertia = 1 });
        scene.Frame(Person(100, 100), Car(400, 400));
        scene.Frame(Person(100, 100), Car(400, 400));
        scene.Frame(Person(100, 100));
        scene.Stop();
        var ended = scene.Changes.Where(c => c.Event.End is not null).Select(c => c.Event).ToList();
        Assert.Equal(4, ended.Count);
        Assert.All(ended.Where(e => e.Label == "car"), e => Assert.Equal(Start + TimeSpan.FromSeconds(0.4), e.End));
        Assert.All(ended.Where(e => e.Label == "person"), e => Assert.Equal(Start + TimeSpan.FromSeconds(0.6), e.End));
        Assert.Empty(scene.Events.Open);
    }

    [Fact]
    public void Each_visit_to_a_zone_is_its_own_event()
    {
        var scene = new Scene([Square("door", 200, 0, 200, loiterSeconds: 1)]);
        for (var i = 0; i < 10; i++)
        {
            scene.Frame(Person(250, 50)); // in (anchor 270, 150)
        }
        for (var x = 230; x >= 150; x -= 20)
        {
            scene.Frame(Person(x, 50)); // walks out: the anchor (x + 20) leaves at x 170
        }
        for (var x = 170; x <= 250; x += 20)
        {
            scene.Frame(Person(x, 50)); // and back in
        }
        for (var i = 0; i < 10; i++)
        {
            scene.Frame(Person(250, 50));
        }
        scene.Stop();

        var zoneEvents = scene.Changes.Where(c => c.Event.Kind == EventKind.Zone && c.Event.End is not null).Select(c => c.Event).ToList();
        var loiterEvents = scene.Changes.Where(c => c.Event.Kind == EventKind.Loiter && c.Event.End is not null).Select(c => c.Event).ToList();
        Assert.Equal(2, zoneEvents.Count);
        Assert.Equal(2, loiterEvents.Count);
        Assert.NotEqual(zoneEvents[0].Id, zoneEvents[1].Id);
        Assert.True(zoneEvents[0].End < zoneEvents[1].Start);
        Assert.Single(scene.Changes.Where(c => c.Event.Kind == EventKind.Object).Select(c => c.Event.Id).Distinct());
    }

    [Fact]
    public void Sightings_of_open_events_are_reported_once_each_when_asked()
    {
        var scene = new Scene([Square("yard", 0, 0, 500)], new TrackerOptions { ZoneInertia = 1 });
        scene.Frame(Person(100, 100, 0.9f));
        scene.Frame(Person(102, 100, 0.9f));                       // confirmed: object and zone events start
        Assert.Empty(scene.Events.TakeSightings());                // just reported by the start
        scene.Frame(Person(104, 100, 0.9f));
        scene.Frame(Person(106, 100, 0.9f));
        var sightings = scene.Events.TakeSightings();
        Assert.Equal(2, sightings.Count);
        Assert.All(sightings, s => Assert.Equal(Start + TimeSpan.FromSeconds(0.8), s.Event.LastSeen));
        Assert.All(sightings, s => Assert.Null(s.Event.End));
        Assert.Empty(scene.Events.TakeSightings());                // nothing new since
    }
}
