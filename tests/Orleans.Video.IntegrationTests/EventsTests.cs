using System.Collections.Concurrent;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests;

[Collection(VideoClusterCollection.Name)]
public sealed class EventsTests(VideoClusterFixture fixture)
{
    private static readonly Zone Door = new("door", [new(450, 0), new(750, 0), new(750, 720), new(450, 720)], ["object"], LoiterSeconds: 2);

    // Watches only a label the clip never shows: it must stay silent.
    private static readonly Zone Everywhere = new("everywhere", [new(0, 0), new(1280, 0), new(1280, 720), new(0, 720)], ["other"]);

    [Fact]
    public async Task A_box_crossing_a_zone_and_standing_in_it_makes_one_tracked_object_with_zone_and_loitering_events()
    {
        var video = fixture.Video;
        const string camera = "crossing";
        var live = new ConcurrentQueue<VideoEvent>();
        await using var subscription = await video.SubscribeEventsAsync(camera, e =>
        {
            live.Enqueue(e);
            return Task.CompletedTask;
        });
        await video.AddCameraAsync(camera, new CameraConfig(
            fixture.Clips.Crossing, 10, "shapes", Loop: false, MotionGate: true, [Door, Everywhere], new DetectionFilter(MinScore: 0.2f)));

        var events = await Eventually.ValueAsync(
            async () => (await video.QueryEventsAsync(camera, new EventQuery())).Items,
            items => items.Count >= 3 && items.All(e => e.End is not null),
            TimeSpan.FromSeconds(60), "the object, zone and loitering events to end");

        var timeline = string.Join("\n", events.Select(e => $"{e.Id} {e.Kind} {e.Zone} {e.Start:HH:mm:ss.ff}-{e.End:HH:mm:ss.ff} best {e.BestScore:0.00} at {e.BestBox.X:0},{e.BestBox.Y:0}"));
        var detections = (await video.QueryDetectionsAsync(camera, new DetectionQuery(Limit: 1000))).Items;
        timeline += "\n" + string.Join("\n", detections.Reverse().Select(d => $"{d.Timestamp:HH:mm:ss.ff} #{FrameSequence.FrameIndex(d.Sequence)} {d.Box.X:0},{d.Box.Y:0} {d.Score:0.00}"));
        Assert.True(events.Count(e => e.Kind == EventKind.Object) == 1, timeline);
        var appeared = Assert.Single(events, e => e.Kind == EventKind.Object);
        var inZone = Assert.Single(events, e => e.Kind == EventKind.Zone);
        var loitered = Assert.Single(events, e => e.Kind == EventKind.Loiter);
        Assert.Equal(3, events.Count);
        Assert.All(events, e => Assert.Equal(appeared.TrackId, e.TrackId));
        Assert.All(events, e => Assert.Equal("object", e.Label));
        Assert.Equal("door", inZone.Zone);
        Assert.Equal("door", loitered.Zone);
        Assert.Equal(inZone.Start, loitered.Start);
        Assert.Equal(inZone.End, loitered.End);

        // Event times run on the source's clock (CameraEvents: the wall clock at the source's start plus each frame's
        // source time), not on when frames happened to be decoded, so seconds since the object appeared are clip seconds
        // however busy the machine is. The margins are sampling (10 fps) and the tracker's confirmation, not timing.
        double Since(DateTimeOffset? time) => (time!.Value - appeared.Start).TotalSeconds;
        void Within(double actual, double expected, double early, double late, string what) =>
            Assert.True(actual >= expected - early && actual <= expected + late, $"{what}: {actual:0.00} s, expected {expected} s\n{timeline}");
        Within(Since(inZone.Start), 1.0, 0.5, 0.5, "entered the zone");    // anchor (x + 50) reaches x 450
        Within(Since(inZone.End), 7.5, 0.5, 0.6, "left the zone");        // anchor passes x 700
        Within(Since(appeared.End), 8, 0.5, 1.2, "left the picture");     // the box vanishes at 8 s
        Assert.InRange(appeared.BestBox.X, 290, 710);

        var snapshot = await video.GetEventSnapshotAsync(camera, appeared.Id);
        Assert.NotNull(snapshot);
        Assert.Equal([0xFF, 0xD8], snapshot.Take(2));
        Assert.True(appeared.HasSnapshot);

        // Queries by zone, kind and label.
        var byZone = (await video.QueryEventsAsync(camera, new EventQuery(Zone: "DOOR"))).Items;
        Assert.Equal([EventKind.Zone, EventKind.Loiter], byZone.Select(e => e.Kind).Order());
        Assert.Single((await video.QueryEventsAsync(camera, new EventQuery(Kind: EventKind.Loiter))).Items);
        Assert.Empty((await video.QueryEventsAsync(camera, new EventQuery(Label: "other"))).Items);
        Assert.Empty((await video.QueryEventsAsync(camera, new EventQuery(From: appeared.End!.Value.AddSeconds(1)))).Items);
        var acrossCameras = await video.QueryEventsAsync(null, new EventQuery(Zone: "door", Kind: EventKind.Zone));
        Assert.Contains(acrossCameras.Items, e => e.CameraId == camera && e.Id == inZone.Id);

        // Live subscribers saw each event start and end.
        await Eventually.UntilAsync(() => Task.FromResult(live.Any(e => e.Id == appeared.Id && e.End is not null)),
            TimeSpan.FromSeconds(10), "the live end of the object event");
        Assert.Contains(live, e => e.Id == appeared.Id && e.End is null);
        Assert.Contains(live, e => e.Id == loitered.Id && e.End is null);
        Assert.DoesNotContain(live, e => e.Zone == Everywhere.Name);

        // People see the camera's first track as #1; a second run (the clip again) numbers above the block the first
        // one reserved, so no number is ever shown twice for one camera, whatever happened in between.
        Assert.All(events, e => Assert.Equal(1, e.TrackNumber));
        await Eventually.UntilAsync(async () => (await video.GetCameraAsync(camera))!.State == CameraState.Stopped,
            TimeSpan.FromSeconds(30), "the end of the clip");
        var grain = fixture.Client.GetGrain<ICameraGrain>(camera);
        await grain.StopAsync();
        await grain.StartAsync();
        var again = await Eventually.ValueAsync(
            async () => (await video.QueryEventsAsync(camera, new EventQuery(Kind: EventKind.Object))).Items,
            items => items.Count >= 2, TimeSpan.FromSeconds(60), "the second run's object event");
        Assert.Equal(101, again.Single(e => e.Id != appeared.Id).TrackNumber);

        await video.RemoveCameraAsync(camera);
        Assert.Equal(3, (await video.QueryEventsAsync(camera, new EventQuery(To: appeared.End!.Value.AddSeconds(1)))).Items.Count);
    }

    [Fact]
    public async Task Retention_keeps_the_newest_events_per_camera_and_deletes_old_ones_with_their_snapshots()
    {
        const string camera = "retention";
        var log = fixture.Client.GetGrain<IEventLogGrain>(camera);
        var now = DateTimeOffset.UtcNow;
        VideoEvent Event(int i, DateTimeOffset start, bool open = false) => new()
        {
            CameraId = camera,
            Id = $"{i}-object",
            Kind = EventKind.Object,
            Label = "person",
            TrackId = i,
            Start = start,
            LastSeen = start.AddSeconds(5),
            End = open ? null : start.AddSeconds(5),
        };

        // Older than Events:MaxAge (7 days), one of them still open: the ended ones go, the open one stays.
        await log.RecordAsync([new EventUpdate(Event(1, now.AddDays(-9)), [0xFF, 0xD8, 1]), new EventUpdate(Event(2, now.AddDays(-8), open: true), null)]);
        // More than Events:MaxPerCamera (40 in this cluster): the oldest ended ones go.
        for (var i = 10; i < 60; i += 10)
        {
            await log.RecordAsync([.. Enumerable.Range(i, 10).Select(n => new EventUpdate(Event(n, now.AddMinutes(n)), n == 59 ? [0xFF, 0xD8, 2] : null))]);
        }

        var kept = (await log.QueryAsync(new EventQuery(Limit: 1000))).Items;
        Assert.Equal(40, kept.Count);
        Assert.Contains(kept, e => e.Id == "2-object");
        Assert.DoesNotContain(kept, e => e.Id == "1-object");
        Assert.Equal(Enumerable.Range(21, 39).Reverse().Select(n => $"{n}-object").Append("2-object"), kept.Select(e => e.Id));
        Assert.Null(await log.GetSnapshotAsync("1-object"));
        Assert.Null(await fixture.Client.GetGrain<IEventSnapshotGrain>($"{camera}/1-object").GetAsync());
        Assert.Equal([0xFF, 0xD8, 2], await log.GetSnapshotAsync("59-object"));

        // Paging walks the rest without repeats.
        var first = await log.QueryAsync(new EventQuery(Limit: 25));
        var second = await log.QueryAsync(new EventQuery(Limit: 25, Before: first.Next));
        Assert.Equal(kept, first.Items.Concat(second.Items));
        Assert.Null(second.Next);
    }
}
