using Orleans.Video.TestSupport;
using Orleans.Video.IntegrationTests.Support;

namespace Orleans.Video.IntegrationTests;

[Collection(VideoClusterCollection.Name)]
public sealed class CameraPipelineTests(VideoClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Moving_box_is_detected_on_its_path_and_persisted()
    {
        var video = fixture.Video;
        await video.AddCameraAsync("moving-box", new CameraConfig(fixture.Clips.MovingBox, 5, "shapes", Loop: false));

        // The clip is 3 s long and read in real time; the camera stops at its end.
        var status = await Eventually.ValueAsync(
            () => video.GetCameraAsync("moving-box"),
            s => s is { State: CameraState.Stopped, FramesPublished: > 0 } && s.FramesProcessed == s.FramesPublished,
            Timeout, "the clip to be decoded and every published frame processed");
        Assert.Null(status!.LastError);
        Assert.Equal(TestClips.FrameCount, status.FramesDecoded);
        Assert.InRange(status.FramesPublished + status.FramesDropped, 14, 16); // 75 frames at 25 fps sampled at 5 fps

        var records = new List<DetectionRecord>();
        DetectionCursor? cursor = null;
        do
        {
            var page = await video.QueryDetectionsAsync("moving-box", new DetectionQuery(Limit: 4, Before: cursor));
            records.AddRange(page.Items);
            cursor = page.Next;
        }
        while (cursor is not null);

        // One detection per processed frame: the model's shifted duplicate box was removed by NMS.
        Assert.Equal(status.FramesProcessed, records.Count);
        Assert.Equal(records.Count, records.Select(r => r.Sequence).Distinct().Count());
        Assert.Equal(records.OrderByDescending(r => r.Sequence).Select(r => r.Sequence), records.Select(r => r.Sequence));
        foreach (var record in records)
        {
            var expected = TestClips.ExpectedBox(FrameSequence.FrameIndex(record.Sequence));
            Assert.Equal("object", record.Label);
            Assert.InRange(record.Score, 0.89f, 0.91f);
            const float tolerance = 4; // source pixels: the model sees the frame at half size, through H.264
            Assert.InRange(record.Box.X, expected.X - tolerance, expected.X + tolerance);
            Assert.InRange(record.Box.Y, expected.Y - tolerance, expected.Y + tolerance);
            Assert.InRange(record.Box.Width, expected.Width - tolerance, expected.Width + tolerance);
            Assert.InRange(record.Box.Height, expected.Height - tolerance, expected.Height + tolerance);
        }

        // Label filter and time range narrow the same persisted set.
        Assert.Empty((await video.QueryDetectionsAsync("moving-box", new DetectionQuery(Label: "other"))).Items);
        var middle = records[records.Count / 2].Timestamp;
        var newer = await video.QueryDetectionsAsync("moving-box", new DetectionQuery(From: middle, Limit: 1000));
        Assert.Equal(records.Count(r => r.Timestamp >= middle), newer.Items.Count);
    }

    [Fact]
    public async Task Live_detections_reach_a_client_subscriber()
    {
        var video = fixture.Video;
        var received = new List<FrameDetections>();
        await using (await video.SubscribeAsync("live-box", frame =>
        {
            lock (received)
            {
                received.Add(frame);
            }
            return Task.CompletedTask;
        }))
        {
            await video.AddCameraAsync("live-box", new CameraConfig(fixture.Clips.MovingBox, 5, "shapes", Loop: true));
            await Eventually.ValueAsync(
                () => Task.FromResult(Snapshot()),
                frames => frames.Count(f => f.Detections.Count == 1) >= 3,
                Timeout, "three frames with a detection on the live stream");
        }
        await video.RemoveCameraAsync("live-box");
        Assert.All(Snapshot(), frame => Assert.Equal("live-box", frame.CameraId));

        List<FrameDetections> Snapshot()
        {
            lock (received)
            {
                return [.. received];
            }
        }
    }

    [Fact]
    public async Task A_camera_removed_and_added_again_never_reuses_frame_sequences()
    {
        var video = fixture.Video;
        var config = new CameraConfig(fixture.Clips.MovingBox, 5, "shapes", Loop: true);
        await video.AddCameraAsync("re-added", config);
        var first = await Eventually.ValueAsync(() => video.QueryDetectionsAsync("re-added", new DetectionQuery(Limit: 1000)),
            page => page.Items.Count >= 3, Timeout, "detections before the removal");
        Assert.True(await video.RemoveCameraAsync("re-added"));

        await video.AddCameraAsync("re-added", config);
        var oldGeneration = first.Items.Max(r => FrameSequence.Generation(r.Sequence));
        var all = await Eventually.ValueAsync(() => video.QueryDetectionsAsync("re-added", new DetectionQuery(Limit: 1000)),
            page => page.Items.Count(r => FrameSequence.Generation(r.Sequence) > oldGeneration) >= 3, Timeout, "detections after adding it again");
        Assert.Equal(all.Items.Count, all.Items.Select(r => r.Sequence).Distinct().Count());
        Assert.Subset(all.Items.Select(r => r.Sequence).ToHashSet(), first.Items.Select(r => r.Sequence).ToHashSet());
        await video.RemoveCameraAsync("re-added");
    }

    [Fact]
    public async Task Live_tcp_source_is_ingested()
    {
        using var source = new LiveSource();
        var video = fixture.Video;
        await video.AddCameraAsync("live-tcp", new CameraConfig(source.Url, 5, "shapes"));
        var status = await Eventually.ValueAsync(
            () => video.GetCameraAsync("live-tcp"),
            s => s is { State: CameraState.Running, FramesProcessed: >= 5 },
            Timeout, "the live source to be decoded and processed");
        Assert.Equal(640, status!.SourceWidth);
        Assert.Equal(360, status.SourceHeight);
        Assert.True(await video.RemoveCameraAsync("live-tcp"));
        Assert.Null(await video.GetCameraAsync("live-tcp"));
    }
}
