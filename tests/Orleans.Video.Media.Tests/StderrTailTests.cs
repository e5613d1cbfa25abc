namespace Orleans.Video.Media.Tests;

public sealed class StderrTailTests
{
    [Fact]
    public void The_reason_is_ffmpegs_last_error_lines_without_banner_stream_info_or_component_prefixes()
    {
        var tail = new StderrTail();
        foreach (var line in new[]
        {
            "ffmpeg version 5.1.6-0+deb12u1 Copyright (c) 2000-2024 the FFmpeg developers",
            "  built with gcc 12 (Debian 12.2.0-14)",
            "  libavformat    59. 27.100 / 59. 27.100",
            "  libavdevice    59.  7.100 / 59.  7.100",
            "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55ca6db44840] moov atom not found",
            "/clips/cut.mp4: Invalid data found when processing input",
        })
        {
            tail.Add(line);
        }

        Assert.Equal("moov atom not found; /clips/cut.mp4: Invalid data found when processing input", tail.Reason());
    }

    [Fact]
    public void A_line_said_twice_is_given_once()
    {
        var tail = new StderrTail();
        tail.Add("[rtsp @ 0x5555] method DESCRIBE failed: 401 Unauthorized");
        tail.Add("[rtsp @ 0x5556] method DESCRIBE failed: 401 Unauthorized");
        tail.Add("rtsp://127.0.0.1:8554/cam: Server returned 401 Unauthorized (authorization failed)");

        Assert.Equal(
            "method DESCRIBE failed: 401 Unauthorized; rtsp://127.0.0.1:8554/cam: Server returned 401 Unauthorized (authorization failed)",
            tail.Reason());
    }

    [Fact]
    public void A_live_source_that_timed_out_says_so()
    {
        var tail = new StderrTail();
        tail.Add("tcp://127.0.0.1:47111: Connection timed out");
        tail.Add("    Last message repeated 2 times");
        tail.Add("frame=   73 fps=0.0 q=-0.0 Lsize=N/A time=00:00:02.92 bitrate=N/A speed= 150x");
        tail.Add("video:34kB audio:0kB subtitle:0kB other streams:0kB global headers:0kB muxing overhead: unknown");

        Assert.Equal("tcp://127.0.0.1:47111: Connection timed out", tail.Reason());
    }

    [Fact]
    public void The_segments_a_recording_opens_are_no_reason()
    {
        // A recording decoder that was killed: its last words are the segment it opened, which is not why it stopped
        // (taken for a reason, the recording folder in it blamed the storage, and recording paused for 30 s).
        var tail = new StderrTail();
        tail.Add("[segment @ 0x55d1c0] Opening 'file:/media/recordings/cam/2026-12-07/034500-0a0b/00003.ts' for writing");
        tail.Add("[segment @ 0x55d1c0] Opening 'file:/media/recordings/cam/2026-12-07/034500-0a0b/00004.ts' for writing");

        Assert.Equal("", tail.Reason());
    }

    [Fact]
    public void Only_banner_and_stream_lines_give_no_reason()
    {
        var tail = new StderrTail();
        tail.Add("  libavcodec     59. 37.100 / 59. 37.100");
        tail.Add("Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'a.mp4':");
        tail.Add("  Duration: 00:00:02.00, start: 0.000000, bitrate: 32 kb/s");

        Assert.Equal("", tail.Reason());
    }

    [Fact]
    public void Credentials_in_the_urls_ffmpeg_repeats_are_masked()
    {
        var tail = new StderrTail();
        tail.Add("[rtsp @ 0x5555] method DESCRIBE failed: 401 Unauthorized");
        tail.Add("rtsp://admin:secret@10.0.0.5:554/stream1: Server returned 401 Unauthorized (authorization failed)");

        Assert.Equal(
            "method DESCRIBE failed: 401 Unauthorized; rtsp://***@10.0.0.5:554/stream1: Server returned 401 Unauthorized (authorization failed)",
            tail.Reason());
    }
}
