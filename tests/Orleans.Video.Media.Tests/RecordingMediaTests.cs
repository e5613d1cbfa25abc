using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Video.Sources;

namespace Orleans.Video.Media.Tests;

/// <summary>The recording's pieces against real ffmpeg: segments written by the decoder, their lists, keyframes, playlists.</summary>
public sealed class RecordingMediaTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("orleans-video-recording-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task The_decoder_writes_segments_by_stream_copy_and_lists_each_once_it_is_closed()
    {
        var clip = MediaTools.Ffmpeg(_root, "-f lavfi -i testsrc2=s=640x360:r=25:d=7 -c:v libx264 -preset ultrafast -g 25 -pix_fmt yuv420p", "clip.mp4");
        var session = new RecordingSession(_root, "recordings/cam/2026-11-30/101500-0a1b2c3d", TimeSpan.FromSeconds(2));
        Directory.CreateDirectory(session.Target.Directory);
        var decoder = new VideoDecoder(NullLogger<VideoDecoder>.Instance);
        var request = new DecoderRequest(VideoSource.Parse(clip), 640, 384, Realtime: false, Loop: false, TimeSpan.FromSeconds(20), Record: session.Target);

        var exit = await decoder.RunAsync(request, new FrameBufferPool(), frame => { }, CancellationToken.None);
        session.Start(DateTimeOffset.UnixEpoch);
        session.Ended = true;
        var segments = session.TakeFinished();
        session.Close();

        Assert.Equal(DecoderExitKind.EndOfStream, exit.Kind);
        Assert.Equal(175, exit.Frames); // decoding went on as without recording
        // 7 s in 2 s segments cut at 1 s keyframes: 2 + 2 + 2 + 1, back to back from stream time zero.
        Assert.Equal([2.0, 2.0, 2.0, 1.0], segments.Select(s => Math.Round(s.Duration.TotalSeconds, 2)));
        Assert.Equal(DateTimeOffset.UnixEpoch, segments[0].Start);
        Assert.All(segments.Zip(segments.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
        foreach (var segment in segments)
        {
            var file = RecordingLayout.Resolve(_root, segment.Path);
            Assert.Equal(new FileInfo(file).Length, segment.Bytes);
            // Each segment starts at a keyframe and holds one a second.
            var keyframes = TsKeyframes.Scan(file);
            Assert.Equal(TimeSpan.Zero, keyframes[0].Time);
            Assert.Equal((int)Math.Round(segment.Duration.TotalSeconds), keyframes.Count);
        }
        // Closing took the list and the start file away, and kept every listed segment.
        Assert.Equal(segments.Count, Directory.GetFiles(session.Target.Directory).Length);
    }

    [Fact]
    public async Task A_decoder_stopped_mid_segment_leaves_every_segment_file_it_wrote_in_its_list()
    {
        // A live source: ffmpeg listening on loopback, sending 25 fps H.264 in MPEG-TS as a camera would.
        var port = Orleans.Video.TestSupport.LoopbackPorts.Free();
        using var source = Process.Start(new ProcessStartInfo("ffmpeg",
            $"-loglevel error -re -f lavfi -i testsrc2=s=640x360:r=25 -t 60 -c:v libx264 -preset ultrafast -tune zerolatency -g 25 -f mpegts tcp://127.0.0.1:{port}?listen=1")
        {
            RedirectStandardInput = true,
        })!;
        try
        {
            await Task.Delay(500);
            var session = new RecordingSession(_root, "recordings/cam/2026-11-30/101500-0c0c0c0c", TimeSpan.FromSeconds(2));
            Directory.CreateDirectory(session.Target.Directory);
            var decoder = new VideoDecoder(NullLogger<VideoDecoder>.Instance);
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5.3));
            var request = new DecoderRequest(VideoSource.Parse($"tcp://127.0.0.1:{port}"), 640, 384, Realtime: false, Loop: false,
                TimeSpan.FromSeconds(20), Record: session.Target);

            var exit = await decoder.RunAsync(request, new FrameBufferPool(), frame => { }, stop.Token);
            session.Start(DateTimeOffset.UnixEpoch);
            session.Ended = true;
            var segments = session.TakeFinished();
            session.Close();

            Assert.Equal(DecoderExitKind.Cancelled, exit.Kind);
            Assert.InRange(segments.Count, 2, 4);
            Assert.Equal(segments.Select(s => Path.GetFileName(s.Path)).Order(), Directory.GetFiles(session.Target.Directory).Select(Path.GetFileName).Order());
        }
        finally
        {
            source.Kill(entireProcessTree: true);
            source.WaitForExit();
        }
    }

    [Fact]
    public void The_segment_a_killed_decoder_was_writing_is_kept_up_to_its_last_whole_frame_right_after_the_listed_ones()
    {
        // A session whose process died: one listed segment, and the next one cut off mid-packet (as a kill -9 leaves it).
        const string directory = "recordings/cam/2026-11-30/101500-0d0d0d0d";
        var session = new RecordingSession(_root, directory, TimeSpan.FromSeconds(2));
        Directory.CreateDirectory(session.Target.Directory);
        MediaTools.Ffmpeg(session.Target.Directory, "-f lavfi -i testsrc2=s=320x240:r=25:d=2 -c:v libx264 -preset ultrafast -g 25 -pix_fmt yuv420p -f mpegts", "00000.ts");
        var whole = MediaTools.Ffmpeg(_root, "-f lavfi -i testsrc2=s=320x240:r=25:d=2 -c:v libx264 -preset ultrafast -g 25 -pix_fmt yuv420p -f mpegts", "whole.ts");
        var cut = Path.Combine(session.Target.Directory, "00001.ts");
        var bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(cut, bytes[..(bytes.Length * 3 / 5 + 100)]);
        File.WriteAllText(Path.Combine(session.Target.Directory, RecordingLayout.SegmentListFile), "00000.ts,0.000000,2.000000\n");
        File.WriteAllText(Path.Combine(session.Target.Directory, RecordingSession.StartFile), "1764497700000");
        var reopened = RecordingSession.Reopen(_root, directory, TimeSpan.FromSeconds(2));

        var listed = Assert.Single(reopened.TakeFinished());
        var kept = reopened.TakeCutShort();
        reopened.Close();

        Assert.NotNull(kept);
        Assert.Equal(listed.End, kept.Start);
        Assert.Equal($"{directory}/00001.ts", kept.Path);
        Assert.Equal(new FileInfo(cut).Length, kept.Bytes);
        Assert.True(kept.Bytes < bytes.Length * 3 / 5 && kept.Bytes % 188 == 0, $"{kept.Bytes} bytes: cut at a packet before the break");
        // What is kept decodes without an error, and lasts as long as the frames in it (25 a second).
        var probe = MediaTools.Run("ffprobe", $"-v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 {cut}");
        Assert.True(probe.Code == 0 && probe.Errors.Trim() == "", probe.Errors);
        Assert.Equal("", MediaTools.Run("ffmpeg", $"-v error -i {cut} -f null -").Errors.Trim());
        // MPEG-TS lists the stream under its program too: the same count twice.
        var frames = int.Parse(probe.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0]);
        Assert.InRange(frames, 25, 40);
        Assert.Equal(frames / 25.0, kept.Duration.TotalSeconds, 2);
        // Both segments stay; the list and start file go.
        Assert.Equal(["00000.ts", "00001.ts"], Directory.GetFiles(session.Target.Directory).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_listed_segment_too_short_for_ffmpeg_to_recognise_is_padded_so_a_clip_over_it_opens()
    {
        // Two frames, 8 packets: what a sub stream leaves when its decoder stops just after a segment began.
        const string directory = "recordings/cam/2026-11-30/101500-0e0e0e0e";
        var session = new RecordingSession(_root, directory, TimeSpan.FromSeconds(2));
        Directory.CreateDirectory(session.Target.Directory);
        var tiny = MediaTools.Ffmpeg(session.Target.Directory, "-f lavfi -i color=c=black:s=64x64:r=25:d=0.08 -c:v libx264 -preset ultrafast -pix_fmt yuv420p -f mpegts", "00000.ts");
        var before = File.ReadAllBytes(tiny);
        Assert.True(before.Length < 2040, $"{before.Length} bytes");
        Assert.NotEqual(0, MediaTools.Run("ffmpeg", $"-v error -i {tiny} -f null -").Code);
        File.WriteAllText(Path.Combine(session.Target.Directory, RecordingLayout.SegmentListFile), "00000.ts,0.000000,0.080000\n");
        session.Start(DateTimeOffset.UnixEpoch);

        var segment = Assert.Single(session.TakeFinished());

        var after = File.ReadAllBytes(tiny);
        Assert.Equal(after.Length, segment.Bytes);
        Assert.Equal(before, after[..before.Length]);
        Assert.Equal(11 * 188, after.Length);
        // ffmpeg opens it as it is, and as a piece of a clip (the concat demuxer that writes clips names no format).
        var list = Path.Combine(_root, "clip.ffconcat");
        File.WriteAllText(list, $"ffconcat version 1.0\nfile '{tiny}'\nfile '{tiny}'\n");
        var clip = MediaTools.Run("ffprobe", $"-v error -f concat -safe 0 -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 {list}");
        Assert.True(clip.Code == 0, clip.Errors);
        Assert.Equal("4", clip.Output.Trim());
    }

    [Fact]
    public void A_byte_range_from_a_keyframe_the_scanner_found_decodes_cleanly_from_that_keyframe()
    {
        var ts = MediaTools.Ffmpeg(_root, "-f lavfi -i testsrc2=s=320x240:r=25:d=4 -c:v libx264 -preset ultrafast -g 25 -pix_fmt yuv420p -f mpegts", "four.ts");
        var keyframes = TsKeyframes.Scan(ts);

        Assert.Equal([0.0, 1.0, 2.0, 3.0], keyframes.Select(k => k.Time.TotalSeconds));
        Assert.All(keyframes, k => Assert.Equal(0, k.Offset % 188));
        // From the third keyframe on: 2 s, 50 frames, no decoding error (the PAT and PMT are in the range).
        var tail = Path.Combine(_root, "tail.ts");
        using (var from = File.OpenRead(ts))
        using (var to = File.Create(tail))
        {
            from.Position = keyframes[2].Offset;
            from.CopyTo(to);
        }
        var decoded = MediaTools.Run("ffmpeg", $"-v error -i {tail} -f null -");
        Assert.Equal(0, decoded.Code);
        Assert.Equal("", decoded.Errors.Trim());
        Assert.Equal("50", MediaTools.Run("ffprobe", $"-v error -select_streams v:0 -count_frames -show_entries stream=nb_read_frames -of csv=p=0 {tail}").Output.Split('\n')[0].Trim().TrimEnd(','));
    }

    [Theory]
    [InlineData("00003.ts,12.000000,16.000000", "00003.ts", 12.0, 16.0)]
    [InlineData("00003.ts,12.5,13.25\r", "00003.ts", 12.5, 13.25)]
    public void A_segment_list_line_names_a_file_in_the_session_and_its_stream_times(string line, string file, double start, double end)
    {
        Assert.Equal(new ListedSegment(file, TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end)), SegmentList.Parse(line.TrimEnd('\r')));
    }

    [Theory]
    [InlineData("../../etc/passwd,0,1")]
    [InlineData("/etc/passwd,0,1")]
    [InlineData("00001.ts,4,3")]
    [InlineData("00001.ts,x,3")]
    [InlineData("00001.ts,0")]
    public void A_segment_list_line_that_could_leave_the_session_or_makes_no_sense_is_ignored(string line)
    {
        Assert.Null(SegmentList.Parse(line));
    }

    [Fact]
    public void Only_whole_lines_of_a_growing_segment_list_are_taken()
    {
        var path = Path.Combine(_root, "segments.csv");
        var list = new SegmentList(path);
        Assert.Empty(list.ReadNew()); // no list yet
        File.WriteAllText(path, "00000.ts,0.000000,2.000000\n00001.ts,2.0000");
        Assert.Equal(["00000.ts"], list.ReadNew().Select(s => s.FileName));
        File.AppendAllText(path, "00,4.000000\n");
        Assert.Equal(["00001.ts"], list.ReadNew().Select(s => s.FileName));
        Assert.Empty(list.ReadNew());
    }

    [Theory]
    [InlineData("Device creation failed: -1.\n[h264 @ 0x1] No device available for decoder: device type cuda needed for codec h264.", true)]
    [InlineData("method SETUP failed: 461 Unsupported Transport", false)]
    [InlineData("Connection to tcp://127.0.0.1:5000 failed: Connection refused", false)]
    public void Hardware_decoding_the_silo_cannot_do_is_told_from_ffmpeg_s_words(string error, bool hardware)
    {
        Assert.Equal(hardware, DecoderFallbacks.HardwareUnavailable(error));
    }

    [Fact]
    public void A_playlist_trims_its_ends_to_keyframes_with_byte_ranges_and_marks_a_new_decoder_as_a_discontinuity()
    {
        var folder = Path.Combine(_root, "recordings", "cam", "2026-11-30");
        var first = Path.Combine(folder, "100000-aaaaaaaa");
        var second = Path.Combine(folder, "100010-bbbbbbbb");
        Directory.CreateDirectory(first);
        Directory.CreateDirectory(second);
        var start = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
        var segments = new List<RecordedSegment>();
        foreach (var (dir, offset, name) in new[] { (first, 0, "00000.ts"), (first, 4, "00001.ts"), (second, 10, "00000.ts") })
        {
            var file = MediaTools.Ffmpeg(_root, "-f lavfi -i testsrc2=s=320x240:r=25:d=4 -c:v libx264 -preset ultrafast -g 25 -pix_fmt yuv420p -f mpegts", Path.Combine(dir, name));
            segments.Add(new RecordedSegment(start.AddSeconds(offset), TimeSpan.FromSeconds(4), new FileInfo(file).Length,
                Path.GetRelativePath(_root, file).Replace('\\', '/')));
        }

        var pieces = PlaybackPlan.Make(_root, segments, start.AddSeconds(1.5), start.AddSeconds(12.5));
        var playlist = HlsPlaylist.Write(pieces, s => $"segments/{s.Key}.ts");

        // From the keyframe at 1 s (before 1.5) to the one at 13 s (after 12.5): 3 + 4 + 3 s.
        Assert.Equal([3.0, 4.0, 3.0], pieces.Select(p => p.Duration.TotalSeconds));
        Assert.Equal([false, false, true], pieces.Select(p => p.Discontinuity));
        Assert.True(pieces[0].Offset > 0 && pieces[0].EndOffset is null);
        Assert.True(pieces[2].Offset == 0 && pieces[2].EndOffset < segments[2].Bytes);
        Assert.Contains($"#EXT-X-BYTERANGE:{pieces[0].Length}@{pieces[0].Offset}\n", playlist);
        Assert.Contains("#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:2026-11-30T10:00:10.000Z\n", playlist);
        Assert.Equal(3, playlist.Split('\n').Count(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal)));
    }
}
