using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests;

/// <summary>Real footage end to end: OpenCV's pedestrian clip, the HOG people detector, tracking and zone events.</summary>
[Collection(VideoClusterCollection.Name)]
public sealed class PeopleTrackingTests(VideoClusterFixture fixture)
{
    // A vertical strip through the middle of the square: people walking left or right cross it.
    private static readonly Zone Middle = new("middle", [new(280, 0), new(520, 0), new(520, 576), new(280, 576)], ["person"]);

    [Fact]
    public async Task Pedestrians_are_tracked_across_frames_and_make_zone_enter_and_leave_events()
    {
        var video = fixture.Video;
        const string camera = "vtest";
        await video.AddCameraAsync(camera, new CameraConfig(fixture.Clips.People, 5, "people", Loop: false, MotionGate: true, [Middle]));

        // The clip lasts 24 s; when it ends the camera closes what it was still following.
        await Eventually.UntilAsync(async () => (await video.GetCameraAsync(camera))!.State == CameraState.Stopped,
            TimeSpan.FromSeconds(90), "the end of the clip");
        var events = await Eventually.ValueAsync(
            async () => (await video.QueryEventsAsync(camera, new EventQuery(Limit: 1000))).Items,
            items => items.Count > 0 && items.All(e => e.End is not null),
            TimeSpan.FromSeconds(20), "every event to end");
        var status = await video.GetCameraAsync(camera);
        var summary = $"{status!.FramesProcessed} frames analysed\n" + string.Join("\n", events.Select(e =>
            $"{e.Kind} #{FrameSequence.FrameIndex(e.TrackId)} {e.Zone} {(e.End - e.Start)!.Value.TotalSeconds:0.0} s best {e.BestScore:0.00} at {e.BestBox.X:0},{e.BestBox.Y:0} {e.BestBox.Width:0}x{e.BestBox.Height:0}"));

        var people = events.Where(e => e.Kind == EventKind.Object).ToList();
        Assert.All(events, e => Assert.Equal("person", e.Label));
        // Several people, and tracks that last: a tracker that lost people every frame would make many short ones.
        Assert.True(people.Count >= 4, $"expected at least 4 people\n{summary}");
        Assert.True(people.Count(e => e.End - e.Start >= TimeSpan.FromSeconds(4)) >= 3, $"expected 3 people followed for 4 s or more\n{summary}");
        Assert.True(people.Average(e => (e.End - e.Start)!.Value.TotalSeconds) >= 2, $"tracks are too short on average\n{summary}");

        // People entering and leaving the strip: zone events that end while their person is still tracked.
        var crossings = events.Where(e => e.Kind == EventKind.Zone && e.Zone == Middle.Name).ToList();
        Assert.True(crossings.Count >= 2, $"expected people to cross the middle\n{summary}");
        Assert.Contains(crossings, zone => people.Single(p => p.TrackId == zone.TrackId) is var person
            && zone.Start > person.Start && zone.End < person.End);
        Assert.All(crossings, zone => Assert.Contains(people, p => p.TrackId == zone.TrackId));
        Assert.All(events, e => Assert.True(e.HasSnapshot, e.Id));
        var snapshot = await video.GetEventSnapshotAsync(camera, crossings[0].Id);
        Assert.Equal([0xFF, 0xD8], snapshot!.Take(2));
        await video.RemoveCameraAsync(camera);
    }
}
