namespace Orleans.Video.Media.Tests;

public sealed class FfmpegStreamInfoParserTests
{
    [Fact]
    public void Reads_input_and_output_video_sizes_from_ffmpeg_stderr()
    {
        string[] lines =
        [
            "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'clip.mp4':",
            "  Duration: 00:00:03.00, start: 0.000000, bitrate: 120 kb/s",
            "  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 1280x720, 117 kb/s, 25 fps, 25 tbr, 12800 tbn (default)",
            "Stream mapping:",
            "  Stream #0:0 -> #0:0 (h264 (native) -> rawvideo (native))",
            "Output #0, rawvideo, to 'pipe.sock':",
            "  Stream #0:0(und): Video: rawvideo (BGR[24] / 0x18524742), bgr24(pc, gbr/unknown/unknown, progressive), 640x360, q=2-31, 138240 kb/s, 25 fps, 25 tbn (default)",
        ];
        var parser = new FfmpegStreamInfoParser();
        var completed = lines.Select(parser.Add).ToList();

        Assert.Equal([false, false, false, false, false, false, true], completed);
        Assert.Equal(new VideoStreamInfo(1280, 720, 25, "h264"), parser.Input);
        Assert.Equal(new VideoStreamInfo(640, 360, 25, "rawvideo"), parser.Output);
    }

    [Fact]
    public void A_stream_without_a_frame_rate_has_none()
    {
        var parser = new FfmpegStreamInfoParser();
        parser.Add("Input #0, mpegts, from 'tcp://127.0.0.1:5000':");
        parser.Add("  Stream #0:0[0x100]: Video: h264 (High) ([27][0][0][0] / 0x001B), yuv420p(progressive), 640x360 [SAR 1:1 DAR 16:9], 90k tbn");
        Assert.Equal(new VideoStreamInfo(640, 360, null, "h264"), parser.Input);
        Assert.Null(parser.Output);
    }

    [Fact]
    public void A_recording_decoder_takes_its_frame_size_from_the_rawvideo_output_not_the_segments()
    {
        string[] lines =
        [
            "Input #0, mpegts, from 'tcp://127.0.0.1:5000':",
            "  Stream #0:0[0x100]: Video: hevc (Main) ([36][0][0][0] / 0x0024), yuv420p(tv), 1920x1080, 25 fps, 25 tbr, 90k tbn",
            "Output #0, segment, to 'file:/media/recordings/cam1/2026-11-30/101500-0a1b2c3d/%05d.ts':",
            "  Stream #0:0: Video: hevc (Main) ([36][0][0][0] / 0x0024), yuv420p(tv), 1920x1080, q=2-31, 25 fps, 25 tbr, 90k tbn",
            "Output #1, rawvideo, to 'pipe.sock':",
            "  Stream #1:0: Video: rawvideo (I420 / 0x30323449), yuv420p(tv, progressive), 320x180, q=2-31, 17280 kb/s, 25 fps, 25 tbn",
        ];
        var parser = new FfmpegStreamInfoParser();
        var completed = lines.Select(parser.Add).ToList();

        Assert.Equal([false, false, false, false, false, true], completed);
        Assert.Equal(new VideoStreamInfo(1920, 1080, 25, "hevc"), parser.Input);
        Assert.Equal(new VideoStreamInfo(320, 180, 25, "rawvideo"), parser.Output);
    }
}
