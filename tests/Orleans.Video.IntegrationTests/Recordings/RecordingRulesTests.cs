using System.Diagnostics;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Recordings;

/// <summary>What a camera keeps (retention by age, events mode) and how recording meets bad storage and codecs, in a TestingHost cluster.</summary>
[Collection(VideoClusterCollection.Name)]
public sealed class RecordingRulesTests(VideoClusterFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Continuous_recording_keeps_only_its_retention_and_deletes_older_segments_with_their_files()
    {
        using var source = new LiveSource();
        // 0.0001 days is 8.6 s: after 20 s the first half of the recording is past it.
        var record = new RecordConfig(RecordMode.Continuous, ContinuousDays: 0.0001, EventDays: 0.0001);
        await fixture.Video.AddCameraAsync("rec-age", new CameraConfig(source.Url, 2, "shapes", MotionGate: false, Record: record));
        var started = DateTimeOffset.UtcNow;
        await Eventually.UntilAsync(async () => DateTimeOffset.UtcNow - started > TimeSpan.FromSeconds(20) && await RecordedAsync("rec-age") is { Count: > 0 },
            Timeout, "20 s of recording");
        await Eventually.UntilAsync(async () =>
        {
            var segments = await RecordedAsync("rec-age");
            // Trimmed on every index write: nothing ends before the cutoff, give or take one write (1 s) and one segment.
            return segments[0].End >= DateTimeOffset.UtcNow - TimeSpan.FromDays(0.0001) - TimeSpan.FromSeconds(4);
        }, Timeout, "segments past the retention deleted");

        await fixture.Video.RemoveCameraAsync("rec-age");
        var kept = await RecordedAsync("rec-age");
        Assert.InRange((kept[^1].End - kept[0].Start).TotalSeconds, 4, 8.64 + 6);
        // The deleted segments' files went with them: what is on disk is what the index holds.
        Assert.Equal(kept.Select(s => Path.GetFileName(s.Path)).Order(), SegmentFiles("rec-age").Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Events_mode_keeps_only_the_segments_that_padded_events_overlap()
    {
        // Black and still but for a moving box at 4-6 s and 14-16 s: two object events in 20 s (at 10 fps the box moves
        // 25 px a sampled frame, little enough for the tracker to follow it).
        var record = new RecordConfig(RecordMode.Events, PreSeconds: 1, PostSeconds: 1);
        await fixture.Video.AddCameraAsync("rec-events", new CameraConfig(
            fixture.Clips.TwoVisits, 10, "shapes", Loop: false, Zones: [TestClips.WholeFrame], Filter: new DetectionFilter(MinScore: 0.2f), Record: record));
        await Eventually.ValueAsync(() => fixture.Video.GetCameraAsync("rec-events"), s => s?.State == CameraState.Stopped && s.FramesDecoded > 0,
            Timeout, "the clip played to its end");
        var events = (await fixture.Video.QueryEventsAsync("rec-events", new EventQuery())).Items;
        var detections = (await fixture.Video.QueryDetectionsAsync("rec-events", new DetectionQuery(Limit: 1000))).Items;
        Assert.True(events.Count(e => e.Kind == EventKind.Object) == 2,
            string.Join("\n", events.Select(e => $"{e.Kind} {e.Start:HH:mm:ss.f}-{e.End:HH:mm:ss.f}")) + $"\n{detections.Count} detections: "
            + string.Join(", ", detections.Select(d => $"{d.Timestamp:HH:mm:ss.f} {d.Score:0.00}")));
        // The events' pictures are in media storage beside the video, not in PostgreSQL.
        var pictured = events.First(e => e.HasSnapshot);
        var picture = Path.Combine(fixture.MediaRoot, "snapshots", "rec-events", pictured.Id + ".jpg");
        Assert.Equal(await File.ReadAllBytesAsync(picture), await fixture.Video.GetEventSnapshotAsync("rec-events", pictured.Id));
        var windows = events.Where(e => e.Kind == EventKind.Object).Select(e => (From: e.Start.AddSeconds(-1), To: (e.End ?? e.LastSeen).AddSeconds(1))).ToList();

        var kept = await Eventually.ValueAsync(() => RecordedAsync("rec-events"), s => s.Count > 0, Timeout, "segments indexed");
        Assert.All(kept, s => Assert.True(s.Event && windows.Exists(w => s.Overlaps(w.From, w.To)), $"{s.Start:HH:mm:ss.f}+{s.Duration} overlaps no event"));
        // Each event's padded span is covered, and the still stretches between them (8-12 s) are not kept.
        Assert.All(windows, w => Assert.Contains(kept, s => s.Overlaps(w.From, w.To)));
        var recordedSeconds = kept.Sum(s => s.Duration.TotalSeconds);
        Assert.InRange(recordedSeconds, 4, 16);
        // The last segment waits its pre-padding (1 s) for an event that could still claim it, then goes.
        await Eventually.UntilAsync(() => Task.FromResult(SegmentFiles("rec-events").Length == kept.Count), Timeout, "unkept segments deleted");
        Assert.Equal(kept.Select(s => Path.GetFileName(s.Path)).Order(), SegmentFiles("rec-events").Select(Path.GetFileName).Order());
        await fixture.Video.RemoveCameraAsync("rec-events");
    }

    [Fact]
    public async Task A_missing_storage_root_is_a_recording_error_detection_goes_on_and_recording_resumes_when_it_is_back()
    {
        // A file read in real time, looped: like a camera, it can be opened again when recording restarts the decoder.
        var moved = fixture.MediaRoot + "-away";
        await fixture.Video.AddCameraAsync("rec-storage", new CameraConfig(fixture.Clips.MovingBox, 2, "shapes", MotionGate: false, Record: new RecordConfig(RecordMode.Continuous)));
        // Past the first frame: the session's start file is written then, and a root gone before it is another error.
        await Eventually.ValueAsync(() => fixture.Video.GetCameraAsync("rec-storage"), s => s!.Recording && s.FramesProcessed > 0, Timeout, "recording");
        Directory.Move(fixture.MediaRoot, moved);
        try
        {
            var failing = await Eventually.ValueAsync(() => fixture.Video.GetCameraAsync("rec-storage"), s => s!.RecordingError is not null, Timeout, "a recording error");
            Assert.Contains("does not exist", failing!.RecordingError);
            Assert.Contains("Storage:Root", failing.RecordingError);
            var processed = failing.FramesProcessed;
            await Eventually.ValueAsync(() => fixture.Video.GetCameraAsync("rec-storage"), s => s!.FramesProcessed > processed + 4, Timeout, "detection going on");
        }
        finally
        {
            Directory.Move(moved, fixture.MediaRoot);
        }
        var resumed = DateTimeOffset.UtcNow;
        await Eventually.ValueAsync(() => fixture.Video.GetCameraAsync("rec-storage"), s => s!.Recording && s.RecordingError is null, Timeout, "recording again");
        await Eventually.ValueAsync(() => RecordedAsync("rec-storage"), s => s.Exists(x => x.Start > resumed), Timeout, "new segments indexed");
        await fixture.Video.RemoveCameraAsync("rec-storage");
    }

    [Fact]
    public async Task A_source_in_a_codec_recordings_cannot_hold_is_analysed_with_a_clear_recording_error()
    {
        var mjpeg = Path.Combine(fixture.Clips.Directory, "mjpeg.avi");
        if (!File.Exists(mjpeg))
        {
            using var ffmpeg = Process.Start("ffmpeg", $"-loglevel error -y -f lavfi -i testsrc2=s=640x360:r=10:d=30 -c:v mjpeg \"{mjpeg}\"");
            await ffmpeg.WaitForExitAsync();
        }
        await fixture.Video.AddCameraAsync("rec-mjpeg", new CameraConfig(mjpeg, 2, "shapes", MotionGate: false, Record: new RecordConfig(RecordMode.Continuous)));
        var status = await Eventually.ValueAsync(() => fixture.Video.GetCameraAsync("rec-mjpeg"), s => s!.RecordingError is not null && s.FramesProcessed > 2,
            Timeout, "a recording error while frames are analysed");
        Assert.Contains("mjpeg", status!.RecordingError);
        Assert.Contains("H.264 or H.265", status.RecordingError);
        Assert.False(status.Recording);
        Assert.Null(status.LastError);
        await fixture.Video.RemoveCameraAsync("rec-mjpeg");
        Assert.Empty(await RecordedAsync("rec-mjpeg"));
        Assert.Empty(SegmentFiles("rec-mjpeg"));
    }

    [Fact]
    public async Task The_storage_cap_deletes_the_oldest_segments_across_cameras_first_and_recording_goes_on()
    {
        using var a = new LiveSource();
        using var b = new LiveSource();
        var record = new RecordConfig(RecordMode.Continuous);
        await fixture.Video.AddCameraAsync("cap-a", new CameraConfig(a.Url, 2, "shapes", MotionGate: false, Record: record));
        await Task.Delay(TimeSpan.FromSeconds(3)); // b's recording starts later: the oldest segments are a's
        await fixture.Video.AddCameraAsync("cap-b", new CameraConfig(b.Url, 2, "shapes", MotionGate: false, Record: record));
        var store = fixture.Client.GetGrain<IRecordingStoreGrain>(IRecordingStoreGrain.Key);
        await Eventually.ValueAsync(store.GetUsageAsync, u => u.Bytes > VideoClusterFixture.RecordingCapBytes + 2 * 1024 * 1024, Timeout, "2 MiB over the cap");
        var before = (await RecordedAsync("cap-a")).Concat(await RecordedAsync("cap-b")).ToList();

        Assert.True(await store.EnforceAsync() > 0);

        // Under the cap, but for what was indexed since (a second of two cameras).
        Assert.InRange((await store.GetUsageAsync()).Bytes, 1, VideoClusterFixture.RecordingCapBytes + 1024 * 1024);
        var after = (await RecordedAsync("cap-a")).Concat(await RecordedAsync("cap-b")).ToList();
        var deleted = before.Where(s => !after.Exists(k => k.Path == s.Path)).ToList();
        var kept = before.Where(s => after.Exists(k => k.Path == s.Path)).ToList();
        Assert.NotEmpty(kept);
        if (deleted.Count > 0)
        {
            // Oldest first across both cameras: nothing kept is older than anything deleted.
            Assert.True(deleted.Max(s => s.Start) <= kept.Min(s => s.Start), $"deleted up to {deleted.Max(s => s.Start):HH:mm:ss.f}, kept from {kept.Min(s => s.Start):HH:mm:ss.f}");
            Assert.All(deleted, s => Assert.False(File.Exists(Path.Combine(fixture.MediaRoot, s.Path)), s.Path));
        }
        Assert.All(after, s => Assert.True(File.Exists(Path.Combine(fixture.MediaRoot, s.Path)), s.Path));
        // The segments being written were never indexed, so never deleted: both cameras go on recording.
        var enforced = DateTimeOffset.UtcNow;
        await Eventually.ValueAsync(() => RecordedAsync("cap-a"), s => s.Exists(x => x.Start > enforced), Timeout, "cap-a recording on");
        await Eventually.ValueAsync(() => RecordedAsync("cap-b"), s => s.Exists(x => x.Start > enforced), Timeout, "cap-b recording on");
        await fixture.Video.RemoveCameraAsync("cap-a");
        await fixture.Video.RemoveCameraAsync("cap-b");
    }

    [Fact]
    public async Task A_separate_record_source_is_recorded_while_the_sub_stream_is_analysed()
    {
        // The sub stream: 640x360 live; the main stream: the 1280x720 clip, read in real time as a camera would send it.
        var port = LoopbackPorts.Free();
        var sub = new LiveSource(port);
        await fixture.Video.AddCameraAsync("rec-main", new CameraConfig(sub.Url, 2, "shapes", MotionGate: false,
            Record: new RecordConfig(RecordMode.Continuous), RecordSource: fixture.Clips.MovingBox));
        var status = await Eventually.ValueAsync(() => fixture.Video.GetCameraAsync("rec-main"), s => s!.Recording && s.FramesProcessed > 2, Timeout, "analysed and recording");
        Assert.Equal(640, status!.SourceWidth);

        // The sub stream drops and comes back: the analysing decoder fails and reconnects, and the main stream's
        // recording, which is not the decoder's, goes on (a failing decoder used to end its session).
        sub.Dispose();
        await Eventually.ValueAsync(() => fixture.Video.GetCameraAsync("rec-main"), s => s!.Reconnects > 0, Timeout, "the sub stream lost");
        using var back = new LiveSource(port);
        var resumed = await Eventually.ValueAsync(() => fixture.Video.GetCameraAsync("rec-main"), s => s!.State == CameraState.Running && s.LastFrameAt > DateTimeOffset.UtcNow.AddSeconds(-2), Timeout, "the sub stream back");
        Assert.True(resumed!.Recording, "the main stream is still recorded");
        var segments = await Eventually.ValueAsync(() => RecordedAsync("rec-main"), s => s.Count >= 2, Timeout, "two segments");
        var file = Path.Combine(fixture.MediaRoot, segments[0].Path);
        Assert.Equal("1280,720", Probe(file, "stream=width,height"));
        await fixture.Video.RemoveCameraAsync("rec-main");
    }

    [Fact]
    public async Task A_udp_only_rtsp_camera_is_read_over_udp_when_tcp_is_refused_and_forced_tcp_says_why_it_fails()
    {
        using var camera = await RtspCamera.StartAsync("udp");
        await fixture.Video.AddCameraAsync("rtsp-auto", new CameraConfig(camera.Url, 2, "shapes", MotionGate: false));
        await fixture.Video.AddCameraAsync("rtsp-tcp", new CameraConfig(camera.Url, 2, "shapes", MotionGate: false, RtspTransport: RtspTransport.Tcp));

        var auto = await Eventually.ValueAsync(() => fixture.Video.GetCameraAsync("rtsp-auto"), s => s!.FramesProcessed > 2, Timeout, "frames over UDP");
        Assert.Equal(640, auto!.SourceWidth);
        Assert.Null(auto.LastError);
        Assert.Contains("RTSP over UDP", auto.Warning);
        Assert.Contains("461", auto.Warning);
        var forced = await Eventually.ValueAsync(() => fixture.Video.GetCameraAsync("rtsp-tcp"), s => s!.LastError is not null, Timeout, "the TCP camera's error");
        Assert.Contains("461", forced!.LastError);
        Assert.Equal(0, forced.FramesDecoded);
        await fixture.Video.RemoveCameraAsync("rtsp-auto");
        await fixture.Video.RemoveCameraAsync("rtsp-tcp");
    }

    [Fact]
    public async Task An_rtsp_camera_that_answers_a_tcp_setup_with_400_is_read_over_udp_and_its_status_says_so()
    {
        // Not the 461 the standard asks for: any failure before a first frame makes auto try the other transport.
        using var camera = await RtspCamera.StartAsync("udp-400");
        await fixture.Video.AddCameraAsync("rtsp-400", new CameraConfig(camera.Url, 2, "shapes", MotionGate: false));
        var status = await Eventually.ValueAsync(() => fixture.Video.GetCameraAsync("rtsp-400"), s => s!.FramesProcessed > 2, Timeout, "frames over UDP");
        Assert.Null(status!.LastError);
        Assert.Equal(CameraState.Running, status.State);
        Assert.Contains("RTSP over UDP", status.Warning);
        Assert.Contains("400", status.Warning);
        await fixture.Video.RemoveCameraAsync("rtsp-400");
    }

    [Fact]
    public async Task Hardware_decoding_this_silo_cannot_do_falls_back_to_software_with_a_warning()
    {
        await fixture.Video.AddCameraAsync("hw-cuda", new CameraConfig(fixture.Clips.MovingBox, 2, "shapes", MotionGate: false, Hwaccel: HwAccel.Cuda));
        var status = await Eventually.ValueAsync(() => fixture.Video.GetCameraAsync("hw-cuda"), s => s!.FramesProcessed > 2, Timeout, "frames analysed");
        Assert.Contains("hwaccel cuda is not available on this silo, decoding in software", status!.Warning);
        Assert.Null(status.LastError);
        Assert.Equal(CameraState.Running, status.State);
        await fixture.Video.RemoveCameraAsync("hw-cuda");
    }

    [Fact]
    public async Task Keyframes_only_decodes_a_frame_per_keyframe_not_every_frame()
    {
        // The clip has a keyframe a second (-g 25 at 25 fps): at 1 fps the decoder decodes one frame where it would decode 25.
        await fixture.Video.AddCameraAsync("keyframes", new CameraConfig(fixture.Clips.MovingBox, 1, "shapes", MotionGate: false, KeyframesOnly: true));
        var later = await Eventually.ValueAsync(() => fixture.Video.GetCameraAsync("keyframes"), s => s!.FramesProcessed >= 4, Timeout, "four frames analysed");
        // Every analysed frame was decoded, and hardly any other (a frame in flight, one waiting): decoding every frame
        // would be 25 decoded for each analysed. Counted from the start, not from a first reading, which may come late.
        Assert.InRange(later!.FramesDecoded, later.FramesProcessed, later.FramesProcessed + 3);
        Assert.Null(later.LastError);
        await fixture.Video.RemoveCameraAsync("keyframes");
    }

    private static string Probe(string file, string entries)
    {
        using var probe = Process.Start(new ProcessStartInfo("ffprobe", $"-v error -select_streams v:0 -show_entries {entries} -of csv=p=0 \"{file}\"")
        {
            RedirectStandardOutput = true,
        })!;
        var output = probe.StandardOutput.ReadToEnd();
        probe.WaitForExit();
        return output.Split('\n')[0].Trim(); // an MPEG-TS file lists its program's stream too
    }

    private Task<List<RecordedSegment>> RecordedAsync(string camera) =>
        fixture.Video.GetRecordedSegmentsAsync(camera, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMinutes(1));

    private string[] SegmentFiles(string camera)
    {
        var folder = Path.Combine(fixture.MediaRoot, "recordings", camera);
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.ts", SearchOption.AllDirectories) : [];
    }
}
