using System.Buffers.Binary;
using System.Net;
using Orleans.Video.Media.Live;
using Orleans.Video.IntegrationTests.Recordings;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Live;

/// <summary>Live video across real silo processes: watched from a silo that does not run the camera, and through a kill -9 of the one that does.</summary>
public sealed class LiveVideoTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_camera_on_one_silo_plays_live_on_another_and_again_after_its_silo_is_killed()
    {
        await using var cluster = await SiloCluster.StartAsync();
        // The camera stays where it is placed until the kill: the cross-silo path is what is tested.
        var fixedPlacement = new Dictionary<string, string> { ["Cameras__Rebalance"] = "false" };
        var first = await cluster.AddSiloAsync(settings: fixedPlacement);
        await cluster.AddCameraAsync("live-1", fps: 2);
        var second = await cluster.AddSiloAsync(settings: fixedPlacement);
        var camera = await Eventually.ValueAsync(cluster.CamerasAsync,
            list => list.Any(c => c.GetProperty("state").GetString() == "Running"), Deadline, "the camera running");
        var host = camera.Single().GetProperty("host").GetString();
        var (cameraSilo, viewerSilo) = first.Hosts(host) ? (first, second) : (second, first);

        // Two browsers on the silo without the camera: one remux, one lease, both get the video.
        await using var viewer = await LiveVideoSocket.ConnectAsync(viewerSilo.BaseUrl, "live-1");
        await using var other = await LiveVideoSocket.ConnectAsync(viewerSilo.BaseUrl, "live-1");
        await viewer.ReadUntilAsync(v => v.Segments.Count >= 51, Deadline, "an init segment and 50 frames");
        await other.ReadUntilAsync(v => v.Segments.Count >= 11, Deadline, "video for the second browser");

        var init = viewer.Messages.First(m => m.GetProperty("type").GetString() == "init");
        Assert.StartsWith("avc1.", init.GetProperty("codec").GetString());
        Assert.Equal(TestClips.Width, init.GetProperty("width").GetInt32());
        Assert.Equal(TestClips.Height, init.GetProperty("height").GetInt32());
        // Frame after frame at the clip's rate, in media time (how late they come is the machine's business, measured by
        // ./bench.sh --live): 50 fragments, one frame each, 1/25 s apart.
        var timescale = Timescale(viewer.Segments[0].Data);
        var decodeTimes = viewer.Segments.Skip(1).Take(50).Select(s => DecodeTime(s.Data)).ToList();
        Assert.All(decodeTimes.Zip(decodeTimes.Skip(1)), pair => Assert.Equal(timescale / 25, pair.Second - pair.First));
        // What arrived plays: the init segment then the fragments decode as MP4, frame for frame.
        Assert.Equal(50, DecodedFrames(viewer.Segments.Select(s => s.Data), "live.mp4"));

        // The camera's silo dies: the camera starts again on the survivor, and the same socket gets video again.
        cameraSilo.Kill();
        var segmentsBefore = viewer.Segments.Count;
        // What the socket holds from before the kill comes first; then the new activation's init segment and video.
        await viewer.ReadUntilAsync(v => LastInit(v) is var init && init >= segmentsBefore && v.Segments.Count - init > 25,
            TimeSpan.FromSeconds(90), "an init segment and 25 frames after the failover");
        var restart = LastInit(viewer);
        Assert.Equal(viewer.Segments.Count - restart - 1, DecodedFrames(viewer.Segments.Skip(restart).Select(s => s.Data), "after.mp4"));
    }

    [Fact]
    public async Task Live_video_refuses_plain_requests_other_sites_and_unknown_cameras_and_says_why_a_codec_has_none()
    {
        await using var cluster = await SiloCluster.StartAsync();
        var silo = await cluster.AddSiloAsync();
        await cluster.AddCameraAsync("live-2");

        using var plain = await cluster.Http.GetAsync(silo.BaseUrl + "/api/cameras/live-2/video");
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.Contains("WebSocket", await plain.Content.ReadAsStringAsync());
        var unknown = await Assert.ThrowsAnyAsync<Exception>(() => LiveVideoSocket.ConnectAsync(silo.BaseUrl, "no-such-camera"));
        Assert.Contains("404", unknown.Message);
        var foreign = await Assert.ThrowsAnyAsync<Exception>(() => LiveVideoSocket.ConnectAsync(silo.BaseUrl, "live-2", origin: "http://evil.example"));
        Assert.Contains("403", foreign.Message);
        await using var sameSite = await LiveVideoSocket.ConnectAsync(silo.BaseUrl, "live-2", origin: silo.BaseUrl);
        await sameSite.ReadUntilAsync(v => v.Segments.Count >= 2, Deadline, "video for a page of the silo's own origin");

        // A codec MP4 cannot carry: the camera is analysed all the same, and its viewers are told why there is no video.
        var ffv1 = Path.Combine(Path.GetDirectoryName(cluster.Clips.MovingBox)!, "ffv1.mkv");
        TestClips.Ffmpeg($"-f lavfi -i testsrc2=s=320x240:r=25:d=2 -c:v ffv1 \"{ffv1}\"");
        await cluster.AddCameraAsync("live-ffv1", source: ffv1);
        await Eventually.ValueAsync(cluster.CamerasAsync,
            list => list.Any(c => c.GetProperty("id").GetString() == "live-ffv1" && c.GetProperty("framesProcessed").GetInt64() > 0),
            Deadline, "the ffv1 camera analysed");
        await using var ffv1Viewer = await LiveVideoSocket.ConnectAsync(silo.BaseUrl, "live-ffv1");
        await ffv1Viewer.ReadUntilAsync(v => v.Messages.Any(m => m.GetProperty("type").GetString() == "status"), Deadline, "a status");
        var status = ffv1Viewer.Messages.First(m => m.GetProperty("type").GetString() == "status");
        Assert.False(status.GetProperty("live").GetBoolean());
        Assert.Equal("live video: the source's video (ffv1) cannot be carried in MP4", status.GetProperty("reason").GetString());
        Assert.Empty(ffv1Viewer.Segments);
    }

    /// <summary>The track's ticks a second: the init segment's moov/trak/mdia/mdhd.</summary>
    private static long Timescale(byte[] init)
    {
        Assert.True(Mp4Box.TryFind(init, "moov/trak/mdia/mdhd", out var mdhd), "an init segment without mdhd");
        return BinaryPrimitives.ReadUInt32BigEndian(mdhd[(mdhd[0] == 1 ? 20 : 12)..]);
    }

    /// <summary>A fragment's first decode time, in the track's ticks: its moof/traf/tfdt.</summary>
    private static long DecodeTime(byte[] fragment)
    {
        Assert.True(Mp4Box.TryFind(fragment, "moof/traf/tfdt", out var tfdt), "a fragment without tfdt");
        return tfdt[0] == 1 ? (long)BinaryPrimitives.ReadUInt64BigEndian(tfdt[4..]) : BinaryPrimitives.ReadUInt32BigEndian(tfdt[4..]);
    }

    /// <summary>Where the newest initialisation segment (ftyp first) is among the viewer's segments; -1 before any.</summary>
    private static int LastInit(LiveVideoSocket viewer) => viewer.Segments.FindLastIndex(s => s.Data.AsSpan(4, 4).SequenceEqual("ftyp"u8));

    private static int DecodedFrames(IEnumerable<byte[]> segments, string name)
    {
        var file = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{name}");
        try
        {
            File.WriteAllBytes(file, [.. segments.SelectMany(s => s)]);
            Assert.Equal("", MediaProbe.DecodeErrors(file));
            return MediaProbe.DecodedFrames(file);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
