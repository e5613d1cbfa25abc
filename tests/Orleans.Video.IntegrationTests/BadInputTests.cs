using Orleans.Video.Media;
using Orleans.Video.TestSupport;
using Orleans.Video.IntegrationTests.Support;

namespace Orleans.Video.IntegrationTests;

[Collection(VideoClusterCollection.Name)]
public sealed class BadInputTests(VideoClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Bad_sources_report_clear_errors_while_other_cameras_keep_running()
    {
        var video = fixture.Video;
        await video.AddCameraAsync("healthy", new CameraConfig(fixture.Clips.MovingBox, 5, "shapes", Loop: true));
        // Nothing listens on this port: the connection is refused at once.
        await video.AddCameraAsync("unreachable", new CameraConfig($"tcp://127.0.0.1:{LoopbackPorts.Free()}", 5, "shapes"));
        await video.AddCameraAsync("corrupt", new CameraConfig(fixture.Clips.Corrupt, 5, "shapes"));
        await video.AddCameraAsync("not-video", new CameraConfig(fixture.Clips.NotVideo, 5, "shapes"));
        var missingPath = Path.Combine(fixture.Clips.Directory, "missing.mp4");
        await video.AddCameraAsync("missing", new CameraConfig(missingPath, 5, "shapes"));

        var unreachable = await Eventually.ValueAsync(() => video.GetCameraAsync("unreachable"),
            s => s is { State: CameraState.Reconnecting, Reconnects: >= 1 }, Timeout, "the unreachable source to be retried");
        Assert.Contains("Connection refused", unreachable!.LastError);

        var corrupt = await Eventually.ValueAsync(() => video.GetCameraAsync("corrupt"),
            s => s?.State == CameraState.Failed, Timeout, "the corrupt file to fail");
        Assert.Contains("ffmpeg", corrupt!.LastError);

        var notVideo = await Eventually.ValueAsync(() => video.GetCameraAsync("not-video"),
            s => s?.State == CameraState.Failed, Timeout, "the text file to fail");
        Assert.Contains("Invalid data found when processing input", notVideo!.LastError);

        var missing = await Eventually.ValueAsync(() => video.GetCameraAsync("missing"),
            s => s?.State == CameraState.Failed, Timeout, "the missing file to fail");
        Assert.Contains($"file not found: {missingPath}", missing!.LastError);

        // The healthy camera is untouched by its neighbours' failures.
        var before = (await video.GetCameraAsync("healthy"))!.FramesProcessed;
        await Eventually.ValueAsync(() => video.GetCameraAsync("healthy"),
            s => s!.FramesProcessed >= before + 5, Timeout, "the healthy camera to keep processing");

        foreach (var id in new[] { "healthy", "unreachable", "corrupt", "not-video", "missing" })
        {
            await video.RemoveCameraAsync(id);
        }
    }

    [Fact]
    public async Task Cameras_whose_sources_refuse_connections_retry_without_starting_ffmpeg()
    {
        var video = fixture.Video;
        var port = LoopbackPorts.Free();
        var ids = Enumerable.Range(0, 20).Select(i => $"down-{i}").ToArray();
        foreach (var id in ids)
        {
            await video.AddCameraAsync(id, new CameraConfig($"rtsp://127.0.0.1:{port}/{id}", 5, "shapes"));
        }
        var decoderSeen = false;
        var statuses = await Eventually.ValueAsync(async () =>
        {
            // Sampled all along: an ffmpeg for a dead camera lives long enough to be seen (it loads its libraries first).
            decoderSeen |= RunningProcesses.FindByCommandLine($"127.0.0.1:{port}") is not null;
            return await Task.WhenAll(ids.Select(video.GetCameraAsync));
        }, list => list.All(s => s is { State: CameraState.Reconnecting, Reconnects: >= 2 }), Timeout, "every dead camera to retry twice");

        Assert.All(statuses, s => Assert.StartsWith($"cannot connect to 127.0.0.1:{port}:", s!.LastError));
        Assert.False(decoderSeen, "a process was started for a dead camera's source");
        foreach (var id in ids)
        {
            await video.RemoveCameraAsync(id);
        }
    }

    [Fact]
    public async Task A_model_that_cannot_load_shows_on_the_camera_status()
    {
        var video = fixture.Video;
        await video.AddCameraAsync("bad-model", new CameraConfig(fixture.Clips.MovingBox, 5, "broken"));
        var status = await Eventually.ValueAsync(() => video.GetCameraAsync("bad-model"),
            s => s?.LastError is not null, Timeout, "the inference error to show");
        Assert.Contains("inference failed", status!.LastError);
        Assert.Contains("broken", status.LastError);
        await video.RemoveCameraAsync("bad-model");
    }

    [Theory]
    [InlineData("bad id!", "/tmp/x.mp4", 5, "shapes", "id must be")]
    [InlineData("ok", "file:///etc/passwd", 5, "shapes", "scheme 'file' is not allowed")]
    [InlineData("ok", "concat:a.mp4|b.mp4", 5, "shapes", "source must be a file path or a URL")]
    [InlineData("ok", "/tmp/x.mp4", 0, "shapes", "fps must be")]
    [InlineData("ok", "/tmp/x.mp4", 5, "no-such-model", "model 'no-such-model' is not in the model catalog")]
    [InlineData("ok", "/etc/passwd", 5, "shapes", "source refused: file '/etc/passwd' is outside the media roots")]
    public async Task Invalid_camera_configurations_are_refused_with_the_rule_that_failed(string id, string source, double fps, string model, string message)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Video.AddCameraAsync(id, new CameraConfig(source, fps, model)));
        Assert.Contains(message, error.Message);
        Assert.DoesNotContain(id, (await fixture.Video.ListCamerasAsync()).Select(c => c.Id));
    }
}
