using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Video.Media.Live;
using Orleans.Video.Sources;

namespace Orleans.Video.Media.Tests;

/// <summary>The decoder's live output against real ffmpeg: one fragment per frame, keyframes marked, codec strings, and codecs it cannot carry.</summary>
public sealed class LiveVideoTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("orleans-video-live-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task The_decoder_remuxes_its_input_into_a_fragment_per_frame_that_plays_back_as_the_source()
    {
        var clip = MediaTools.Ffmpeg(_root, "-f lavfi -i testsrc2=s=640x360:r=25:d=3 -c:v libx264 -profile:v high -preset veryfast -g 25 -level 3.1 -pix_fmt yuv420p", "clip.mp4");

        var (exit, segments, live) = await DecodeAsync(clip);

        Assert.Equal(DecoderExitKind.EndOfStream, exit.Kind);
        Assert.Equal(75, exit.Frames); // decoding went on as without live video
        Assert.Null(live.Error);
        var init = segments[0];
        Assert.Equal(LiveSegmentKind.Init, init.Kind);
        Assert.Equal("avc1.64001F", init.Codec); // High profile (0x64), level 3.1 (0x1F)
        Assert.Equal((640, 360), (init.Width, init.Height));
        var fragments = segments.Skip(1).ToList();
        Assert.Equal(75, fragments.Count);
        Assert.DoesNotContain(fragments, s => s.Kind == LiveSegmentKind.Init);
        // Keyframes every 25 frames, where the source has them.
        Assert.Equal([0, 25, 50], fragments.Select((s, i) => (s, i)).Where(p => p.s.Kind == LiveSegmentKind.Keyframe).Select(p => p.i));

        // What a browser appends (init, then from a keyframe on) is MP4 that decodes cleanly, every frame of it.
        var joined = Path.Combine(_root, "joined.mp4");
        await File.WriteAllBytesAsync(joined, [.. init.Data, .. fragments.Skip(25).SelectMany(s => s.Data)]);
        var decoded = MediaTools.Run("ffprobe", $"-v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 {joined}");
        Assert.Equal("", decoded.Errors);
        Assert.Equal("50", decoded.Output.Trim().TrimEnd(','));
    }

    [Fact]
    public async Task An_hevc_source_gets_its_codec_string_from_the_hevc_configuration()
    {
        var clip = MediaTools.Ffmpeg(_root, "-f lavfi -i testsrc2=s=320x240:r=25:d=1 -c:v libx265 -x265-params log-level=error -preset ultrafast -pix_fmt yuv420p", "hevc.mp4");

        var (_, segments, _) = await DecodeAsync(clip);

        // Main profile (1), compatibility flags 6 read backwards, main tier at the stream's level.
        Assert.Matches(@"^(hvc1|hev1)\.1\.6\.L\d+(\.[0-9A-F]{2})*$", segments[0].Codec);
        Assert.Equal(25, segments.Count(s => s.Kind != LiveSegmentKind.Init));
    }

    [Fact]
    public async Task A_codec_mp4_cannot_hold_is_refused_by_name_so_the_camera_decodes_again_without_live_video()
    {
        var clip = MediaTools.Ffmpeg(_root, "-f lavfi -i testsrc2=s=320x240:r=25:d=2 -c:v ffv1", "ffv1.mkv");

        var (exit, segments, _) = await DecodeAsync(clip);

        // ffmpeg refuses before the first frame; the camera's pipeline then decodes again without live video.
        Assert.Equal(DecoderExitKind.Failed, exit.Kind);
        Assert.Equal(0, exit.Frames);
        Assert.Equal("live video: the source's video (ffv1) cannot be carried in MP4", exit.LiveRefused);
        Assert.Empty(segments);
    }

    [Fact]
    public async Task A_live_source_in_mpeg_ts_is_remuxed_too()
    {
        // MPEG-TS gives its streams a codec tag MP4 does not know; ffmpeg must choose MP4's own (avc1).
        var port = Orleans.Video.TestSupport.LoopbackPorts.Free();
        using var source = Process.Start(new ProcessStartInfo("ffmpeg",
            $"-loglevel error -re -f lavfi -i testsrc2=s=640x360:r=25 -t 30 -c:v libx264 -preset ultrafast -tune zerolatency -g 25 -f mpegts tcp://127.0.0.1:{port}?listen=1"))!;
        try
        {
            await Task.Delay(500);
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var (exit, segments, live) = await DecodeAsync($"tcp://127.0.0.1:{port}", stop.Token);

            Assert.Equal(DecoderExitKind.Cancelled, exit.Kind);
            Assert.Null(live.Error);
            Assert.StartsWith("avc1.", segments[0].Codec);
            // Past the first GOP (25 frames) and no more than the source sent in real time: a loaded CI machine
            // decoded 37 frames in 3 s, so the lower bound is a GOP, not a rate.
            Assert.InRange(segments.Count(s => s.Kind != LiveSegmentKind.Init), 25, 5 * 25 + 25);
        }
        finally
        {
            source.Kill(entireProcessTree: true);
            source.WaitForExit();
        }
    }

    [Fact]
    public async Task A_viewer_starts_at_a_keyframe_and_one_that_falls_behind_skips_to_the_next_with_its_init_segment_kept()
    {
        var queue = new LiveQueue(capacity: 4);
        queue.Add(Segment(LiveSegmentKind.Init, 0));
        queue.Add(Segment(LiveSegmentKind.Frame, 1)); // not decodable without the keyframe before it
        queue.Add(Segment(LiveSegmentKind.Keyframe, 2));
        queue.Add(Segment(LiveSegmentKind.Frame, 3));
        Assert.Equal(new[] { 0, 2, 3 }, await TakeAsync(queue));

        queue.Add(Segment(LiveSegmentKind.Init, 4)); // the decoder restarted
        queue.Add(Segment(LiveSegmentKind.Keyframe, 5));
        queue.Add(Segment(LiveSegmentKind.Frame, 6));
        queue.Add(Segment(LiveSegmentKind.Frame, 7));
        queue.Add(Segment(LiveSegmentKind.Frame, 8)); // full: the waiting frames go, the init stays
        queue.Add(Segment(LiveSegmentKind.Frame, 9)); // still behind: waits for a keyframe
        queue.Add(Segment(LiveSegmentKind.Keyframe, 10));
        queue.Add(Segment(LiveSegmentKind.Frame, 11));
        Assert.Equal(new[] { 4, 10, 11 }, await TakeAsync(queue));
        Assert.Equal(1 + 5, queue.Skipped);

        queue.Close();
        Assert.Empty(await queue.TakeAsync(CancellationToken.None));
    }

    private static LiveSegment Segment(LiveSegmentKind kind, int number) => new(kind, [(byte)number], DateTimeOffset.UnixEpoch);

    private static async Task<int[]> TakeAsync(LiveQueue queue) => [.. (await queue.TakeAsync(CancellationToken.None)).Select(s => (int)s.Data[0])];

    private static async Task<(DecoderExit Exit, List<LiveSegment> Segments, LiveOutput Live)> DecodeAsync(string clip, CancellationToken cancellationToken = default)
    {
        var segments = new ConcurrentQueue<LiveSegment>();
        var live = new LiveOutput();
        using var reading = new CancellationTokenSource();
        var read = live.RunAsync(segments.Enqueue, TimeProvider.System, reading.Token);
        var decoder = new VideoDecoder(NullLogger<VideoDecoder>.Instance);
        var request = new DecoderRequest(VideoSource.Parse(clip), 320, 192, Realtime: false, Loop: false, TimeSpan.FromSeconds(20), Live: live);
        var exit = await decoder.RunAsync(request, new FrameBufferPool(), frame => { }, cancellationToken);
        await read.WaitAsync(TimeSpan.FromSeconds(10)); // ffmpeg closed its output: the reader ends by itself
        live.Dispose();
        return (exit, [.. segments], live);
    }
}
