using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests;

/// <summary>Real footage through a silo with the default model: OpenCV's <c>vtest.avi</c> (768x576) and the shipped YOLOX-Nano.</summary>
[Collection(VideoClusterCollection.Name)]
public sealed class ObjectDetectionTests(VideoClusterFixture fixture)
{
    [Fact]
    public async Task The_default_model_finds_person_shaped_people_on_most_frames_and_the_parked_vans()
    {
        var video = fixture.Video;
        const string camera = "vtest-objects";
        await video.AddCameraAsync(camera, new CameraConfig(fixture.Clips.People, 2, CameraConfig.DefaultModel, Loop: false, MotionGate: false,
            Filter: new DetectionFilter(["person", "car", "truck"])));

        var status = await Eventually.ValueAsync(() => video.GetCameraAsync(camera), s => s!.State == CameraState.Stopped,
            TimeSpan.FromSeconds(90), "the end of the clip");
        var frames = status!.FramesProcessed;
        var detections = await Eventually.ValueAsync(
            async () => (await video.QueryDetectionsAsync(camera, new DetectionQuery(Limit: DetectionQuery.MaxLimit))).Items,
            items => items.Select(d => d.Sequence).Distinct().Count() * 10 >= frames * 9,
            TimeSpan.FromSeconds(20), "the detections of most frames to be stored");
        await video.RemoveCameraAsync(camera);

        var people = detections.Where(d => d.Label == "person").ToList();
        var vehicles = detections.Where(d => d.Label is "car" or "truck").ToList();
        var summary = $"{frames} frames, {people.Count} people, {vehicles.Count} vehicles, labels {string.Join(", ", detections.Select(d => d.Label).Distinct())}";
        Assert.True(frames >= 40, summary);
        // Only the tracked labels are kept.
        Assert.All(detections, d => Assert.Contains(d.Label, new[] { "person", "car", "truck" }));
        // People on at least 90% of the frames, most of them standing or walking: taller than wide.
        Assert.True(people.Select(p => p.Sequence).Distinct().Count() * 10 >= frames * 9, summary);
        Assert.True(people.Count(p => p.Box.Height > p.Box.Width * 1.3f) * 10 >= people.Count * 8, $"too few person-shaped boxes; {summary}");
        Assert.All(people, p => Assert.True(p.Box.Right <= 768 && p.Box.Bottom <= 576, $"{p.Box} is outside the 768x576 frame"));
        // The two vans parked at the top left of the square, seen on most frames whatever class each gets.
        Assert.True(vehicles.Where(v => v.Box.Y < 200).Select(v => v.Sequence).Distinct().Count() * 10 >= frames * 7, summary);
    }
}
