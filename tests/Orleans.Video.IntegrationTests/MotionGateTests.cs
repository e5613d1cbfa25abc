using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests;

[Collection(VideoClusterCollection.Name)]
public sealed class MotionGateTests(VideoClusterFixture fixture)
{
    [Fact]
    public async Task On_a_mostly_static_clip_the_motion_gate_cuts_detector_runs_fivefold_and_misses_no_object()
    {
        var video = fixture.Video;
        var clip = fixture.Clips.MostlyStatic;
        await video.AddCameraAsync("gated", new CameraConfig(clip, 10, "shapes", Loop: false, MotionGate: true));
        await video.AddCameraAsync("ungated", new CameraConfig(clip, 10, "shapes", Loop: false, MotionGate: false));

        var statuses = await Eventually.ValueAsync(
            async () => new[] { await video.GetCameraAsync("gated"), await video.GetCameraAsync("ungated") },
            s => s.All(c => c is { State: CameraState.Stopped, FramesPublished: > 0 } && c.FramesProcessed == c.FramesPublished),
            TimeSpan.FromSeconds(90), "both cameras to reach the end of the clip");
        var (gated, ungated) = (statuses[0]!, statuses[1]!);

        Assert.True(ungated.FramesProcessed >= 5 * gated.FramesProcessed,
            $"detector runs: {gated.FramesProcessed} gated vs {ungated.FramesProcessed} ungated");
        Assert.True(gated.FramesWithoutMotion > 0);
        Assert.Equal(0, ungated.FramesWithoutMotion);

        foreach (var (from, to) in TestClips.StaticClipEpisodes)
        {
            bool InEpisode(DetectionRecord r)
            {
                var second = FrameSequence.FrameIndex(r.Sequence) / (double)TestClips.Fps;
                return second >= from && second < to;
            }
            var ungatedFound = (await video.QueryDetectionsAsync("ungated", new DetectionQuery(Limit: 1000))).Items.Count(InEpisode);
            var gatedFound = (await video.QueryDetectionsAsync("gated", new DetectionQuery(Limit: 1000))).Items.Count(InEpisode);
            Assert.True(ungatedFound > 0, $"the ungated run found nothing in {from}-{to} s");
            Assert.True(gatedFound > 0, $"the gated run missed the object the ungated run found in {from}-{to} s");
        }
        await video.RemoveCameraAsync("gated");
        await video.RemoveCameraAsync("ungated");
    }
}
