using System.Collections.Concurrent;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests;

/// <summary>A running camera changed, removed, and fed by a source that hangs: what an operator does and a network does.</summary>
[Collection(VideoClusterCollection.Name)]
public sealed class CameraLifecycleTests(VideoClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The box's path enters this only after a second or more (it starts at 100,100 and moves 8,4 px a frame).</summary>
    private static readonly Zone Corner = new("corner", [new(500, 250), new(1280, 250), new(1280, 720), new(500, 720)]);

    [Fact]
    public async Task A_running_camera_reconfigured_runs_with_the_new_rate_zones_and_model_and_ends_its_open_events()
    {
        const string camera = "reconfigured";
        var video = fixture.Video;
        var frames = new ConcurrentQueue<FrameDetections>();
        await using var subscription = await video.SubscribeAsync(camera, frame =>
        {
            frames.Enqueue(frame);
            return Task.CompletedTask;
        });
        await video.AddCameraAsync(camera, new CameraConfig(fixture.Clips.MovingBox, 5, "shapes", Loop: true, MotionGate: false, [TestClips.WholeFrame]));
        var open = await Eventually.ValueAsync(Events, items => items.Any(e => e.End is null), Timeout, "an open event");
        var first = Generation(await Eventually.ValueAsync(() => Task.FromResult(frames.ToArray()), f => f.Length > 0, Timeout, "a first frame"));

        // New zones, same rate and model.
        await video.AddCameraAsync(camera, new CameraConfig(fixture.Clips.MovingBox, 5, "shapes", Loop: true, MotionGate: false, [Corner]));

        // What was open ended when the configuration changed, before the call returned.
        var ended = await Events();
        Assert.All(open.Where(e => e.End is null), e => Assert.NotNull(Assert.Single(ended, x => x.Id == e.Id).End));
        // Zone events of the new run are in the new zone only.
        var zoned = await Eventually.ValueAsync(Events, items => items.Any(e => e.Zone == Corner.Name), Timeout, "an event in the new zone");
        Assert.All(zoned.Where(e => e.Zone is not null && !ended.Any(x => x.Id == e.Id)), e => Assert.Equal(Corner.Name, e.Zone));
        var second = await Eventually.ValueAsync(() => Task.FromResult(frames.Where(f => Generation(f) > first).ToArray()),
            f => f.Length >= 2, Timeout, "frames of the reconfigured camera");
        // Sequences are never reused: the new run numbers its frames in a later generation.
        Assert.Empty(second.Select(f => f.Sequence).Intersect(frames.Where(f => Generation(f) == first).Select(f => f.Sequence)));

        // A new rate and a new model.
        await video.AddCameraAsync(camera, new CameraConfig(fixture.Clips.MovingBox, 2, "people", Loop: true, MotionGate: false, [Corner]));
        var third = await Eventually.ValueAsync(() => Task.FromResult(frames.Where(f => Generation(f) > Generation(second)).ToArray()),
            f => f.Length >= 4, Timeout, "frames analysed by the new model");
        Assert.All(third, f => Assert.Equal("people", f.Model));
        Assert.All(frames.Where(f => Generation(f) <= Generation(second)), f => Assert.Equal("shapes", f.Model));
        // Sampled at 2 fps of source time, not 5: consecutive frames are half a second of the clip apart.
        var gaps = third.Zip(third.Skip(1), (a, b) => (b.SourceTime - a.SourceTime).TotalSeconds).Where(gap => gap > 0).ToList();
        Assert.NotEmpty(gaps);
        Assert.All(gaps, gap => Assert.InRange(gap, 0.45, 1.05));

        Assert.True(await video.RemoveCameraAsync(camera));

        Task<IReadOnlyList<VideoEvent>> Events() =>
            video.QueryEventsAsync(camera, new EventQuery(Limit: 1000)).ContinueWith(t => t.Result.Items, TaskScheduler.Default);
    }

    [Fact]
    public async Task A_remove_racing_a_configure_leaves_the_camera_either_removed_or_running_never_half_of_each()
    {
        const string camera = "raced";
        var video = fixture.Video;
        for (var round = 0; round < 4; round++)
        {
            await video.AddCameraAsync(camera, new CameraConfig(fixture.Clips.MovingBox, 5, "shapes", Loop: true));
            var configure = video.AddCameraAsync(camera, new CameraConfig(fixture.Clips.MovingBox, 3 + round, "shapes", Loop: true));
            var remove = video.RemoveCameraAsync(camera);
            await Task.WhenAll(configure, remove);

            var listed = (await video.ListCamerasAsync()).Any(s => s.Id == camera);
            var status = await fixture.Client.GetGrain<ICameraGrain>(camera).GetStatusAsync();
            if (listed)
            {
                // The configure came last: the camera runs with it.
                Assert.Equal(3 + round, status.Fps);
                await Eventually.ValueAsync(() => fixture.Client.GetGrain<ICameraGrain>(camera).GetStatusAsync(),
                    s => s.State is CameraState.Running or CameraState.Starting, Timeout, "the configured camera running");
                Assert.True(await video.RemoveCameraAsync(camera));
            }
            else
            {
                // The remove came last: no decoder is left behind and no configuration kept.
                Assert.Equal(CameraState.Stopped, status.State);
                Assert.False(status.IsConfigured);
                Assert.Null(await fixture.Client.GetGrain<ICameraGrain>(camera).GetConfigAsync());
                Assert.Equal(0, status.FramesDecoded);
            }
        }
    }

    [Fact]
    public async Task A_live_source_that_hangs_is_restarted_by_the_stall_timeout_and_resumes_when_the_camera_comes_back()
    {
        const string camera = "hangs";
        var video = fixture.Video;
        var source = new LiveSource();
        try
        {
            await video.AddCameraAsync(camera, new CameraConfig(source.Url, 5, "shapes"));
            await Eventually.ValueAsync(() => video.GetCameraAsync(camera),
                s => s is { State: CameraState.Running, FramesProcessed: >= 3 }, Timeout, "the live camera running");

            // Connected, silent: only the stall timeout (5 s in this cluster) can tell.
            source.Freeze();
            var stalled = await Eventually.ValueAsync(() => video.GetCameraAsync(camera),
                s => s is { State: CameraState.Reconnecting }, Timeout, "the stall to be noticed");
            Assert.StartsWith("no frame for 5 s", stalled!.LastError);

            var port = source.Port;
            source.Dispose();
            source = new LiveSource(port);
            var decodedBefore = stalled.FramesDecoded;
            var resumed = await Eventually.ValueAsync(() => video.GetCameraAsync(camera),
                s => s is { State: CameraState.Running } && s.FramesDecoded > decodedBefore + 5, Timeout, "the camera to resume");
            Assert.True(resumed!.Reconnects >= 1, $"reconnects: {resumed.Reconnects}");
            Assert.True(await video.RemoveCameraAsync(camera));
        }
        finally
        {
            source.Dispose();
        }
    }

    [Fact]
    public async Task A_trained_text_detector_finds_the_line_of_text_through_a_silo()
    {
        const string camera = "text";
        var video = fixture.Video;
        await video.AddCameraAsync(camera, new CameraConfig(fixture.Clips.Text, 2, "text", Loop: false, MotionGate: false));
        var status = await Eventually.ValueAsync(() => video.GetCameraAsync(camera),
            s => s is { State: CameraState.Stopped, FramesProcessed: > 0 } && s.FramesProcessed == s.FramesPublished,
            Timeout, "the clip analysed by PaddleOCR's detector");
        Assert.Null(status!.LastError);

        var records = (await video.QueryDetectionsAsync(camera, new DetectionQuery(Limit: 1000))).Items;
        // Every analysed frame shows the line, and nothing is found where there is no text.
        Assert.Equal(status.FramesProcessed, records.Select(r => r.Sequence).Distinct().Count());
        var line = TestClips.TextLine;
        Assert.All(records, r =>
        {
            Assert.Equal("text", r.Label);
            Assert.InRange(r.Box.X, line.X, line.X + line.Width);
            Assert.InRange(r.Box.Y, line.Y, line.Y + line.Height);
            Assert.InRange(r.Box.X + r.Box.Width, line.X, line.X + line.Width);
            Assert.InRange(r.Box.Y + r.Box.Height, line.Y, line.Y + line.Height);
        });
        // Together the boxes of a frame span most of the line's width (three words, 780 px of text).
        Assert.All(records.GroupBy(r => r.Sequence), frame =>
            Assert.True(frame.Max(r => r.Box.X + r.Box.Width) - frame.Min(r => r.Box.X) > 600, $"frame {frame.Key}: {string.Join(", ", frame.Select(r => r.Box))}"));
        Assert.True(await video.RemoveCameraAsync(camera));
    }

    private static int Generation(FrameDetections frame) => FrameSequence.Generation(frame.Sequence);

    private static int Generation(FrameDetections[] frames) => frames.Max(Generation);
}
