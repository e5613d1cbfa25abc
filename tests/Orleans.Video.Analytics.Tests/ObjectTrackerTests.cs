using static Orleans.Video.Analytics.Tests.Scene;

namespace Orleans.Video.Analytics.Tests;

public sealed class ObjectTrackerTests
{
    [Fact]
    public void Two_people_walking_past_each_other_keep_their_ids()
    {
        var scene = new Scene();
        var ids = new List<(long Left, long Right)>();
        for (var i = 0; i < 20; i++)
        {
            // One walks right, one walks left; their boxes never overlap each other by much, since they are at different heights.
            var seen = scene.Frame(Person(100 + i * 20, 100), Person(500 - i * 20, 260));
            if (i > 0)
            {
                Assert.Equal(2, seen.Count);
                ids.Add((seen.Single(t => t.Box.Y == 100).Id, seen.Single(t => t.Box.Y == 260).Id));
            }
        }
        Assert.Single(ids.Distinct());
        Assert.NotEqual(ids[0].Left, ids[0].Right);
        Assert.Equal(7L << 32, ids[0].Left & ~0xFFFFFFFFL);
    }

    [Fact]
    public void A_fast_object_that_never_overlaps_its_last_box_is_followed_by_its_velocity()
    {
        var scene = new Scene();
        long? id = null;
        for (var i = 0; i < 10; i++)
        {
            // 45 px a frame with a 40 px wide box: consecutive boxes do not overlap at all.
            var seen = scene.Frame(Person(50 + i * 45, 100));
            if (i > 0)
            {
                id ??= seen.Single().Id;
                Assert.Equal(id, seen.Single().Id);
            }
        }
    }

    [Fact]
    public void An_object_that_stops_after_moving_fast_keeps_its_id()
    {
        var scene = new Scene();
        for (var i = 0; i < 5; i++)
        {
            scene.Frame(Person(100 + i * 40, 100));
        }
        var id = scene.Frame(Person(300, 100)).Single().Id;
        // Still, and seen only once a second (the motion gate): its velocity would put it 200 px further on.
        for (var i = 0; i < 5; i++)
        {
            scene.Skip();
            scene.Skip();
            scene.Skip();
            scene.Skip();
            Assert.Equal(id, scene.Frame(Person(300, 100)).Single().Id);
        }
    }

    [Fact]
    public void Missed_and_skipped_frames_do_not_split_a_track()
    {
        var scene = new Scene();
        scene.Frame(Person(100, 100));
        var id = scene.Frame(Person(110, 100)).Single().Id;
        scene.Frame();                 // detector missed it
        scene.Skip();                  // frame dropped
        scene.Skip();
        scene.Frame();                 // missed again
        var seen = scene.Frame(Person(170, 100));
        Assert.Equal(id, seen.Single().Id);
        Assert.DoesNotContain(scene.Changes, c => c.Event.End is not null);
    }

    [Fact]
    public void An_object_is_lost_only_after_enough_missed_frames_and_time()
    {
        var scene = new Scene(options: new TrackerOptions { MaxMissedFrames = 3, ReconnectWithin = TimeSpan.FromSeconds(1) });
        scene.Frame(Person(100, 100));
        scene.Frame(Person(100, 100));
        var lostAt = new List<int>();
        for (var i = 1; i <= 10; i++)
        {
            var before = scene.Changes.Count(c => c.Event.End is not null);
            scene.Frame();
            if (scene.Changes.Count(c => c.Event.End is not null) > before)
            {
                lostAt.Add(i);
            }
        }
        // 5 fps: 3 misses take 0.6 s, but the object is given up only once a whole second has passed.
        Assert.Equal([5], lostAt);
        var ended = scene.Changes.Single(c => c.Event.End is not null).Event;
        Assert.Equal(Start + TimeSpan.FromSeconds(0.4), ended.End);
    }

    [Fact]
    public void A_one_frame_flicker_is_never_an_object()
    {
        var scene = new Scene();
        scene.Frame(Person(100, 100));
        scene.Frame();
        scene.Frame(Person(400, 300));
        scene.Frame();
        Assert.Empty(scene.Changes);
        Assert.Empty(scene.Tracker.Tracks);
    }

    [Fact]
    public void Labels_are_never_mixed_in_one_track()
    {
        var scene = new Scene();
        scene.Frame(Person(100, 100), Car(100, 100));
        var seen = scene.Frame(Person(102, 100), Car(102, 100));
        Assert.Equal(2, seen.Count);
        Assert.Equal(["car", "person"], seen.Select(t => t.Label).Order());
    }

    [Fact]
    public void Frames_older_than_the_last_one_are_ignored()
    {
        var tracker = new ObjectTracker(new TrackerOptions(), 0);
        tracker.Update(Start.AddSeconds(1), 2, [Person(100, 100)]);
        var late = tracker.Update(Start, 1, [Person(300, 100)]);
        Assert.Empty(late.Seen);
        Assert.Single(tracker.Tracks);
    }
}
