using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Video.TestSupport;
using Orleans.Video.Sources;

namespace Orleans.Video.Media.Tests;

/// <summary>
/// ffmpeg started with an argument list, against real ffmpeg: a source or path with spaces, quotes and option-like
/// words stays one argument. As a command string (FFMpegCore's, split by .NET's quote rules) the names used here
/// would have become other options, inputs and outputs.
/// </summary>
public sealed class FfmpegProcessTests : IDisposable
{
    // Quotes and spaces in the folder too: every path the decoder passes (input, segments, their list) is tested.
    private readonly string _directory = Directory.CreateTempSubdirectory("orleans-video-argv- \"quoted\" ").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_file_whose_name_holds_quotes_spaces_and_options_is_decoded_as_one_input()
    {
        // In a command string: -i "…/clip b" -frames:v 1 -y "injected.mp4" — a missing input, one frame, a new output.
        var clip = Clip("clip b\" -frames:v 1 -y \"injected.mp4");
        var decoder = new VideoDecoder(NullLogger<VideoDecoder>.Instance);
        var frames = 0;

        var exit = await decoder.RunAsync(Request(clip), new FrameBufferPool(), _ => frames++, CancellationToken.None);

        Assert.Equal(DecoderExitKind.EndOfStream, exit.Kind);
        Assert.Equal(50, frames);
        Assert.Equal([Path.GetFileName(clip)], Directory.GetFiles(_directory).Select(Path.GetFileName));
        Assert.False(File.Exists("injected.mp4"));
    }

    [Fact]
    public async Task A_recording_under_a_folder_with_quotes_and_spaces_is_written_there()
    {
        var clip = Clip("clip.mp4");
        var session = new RecordingSession(_directory, "recordings/cam \"x\" -y/2026-11-30/101500-0a1b2c3d", TimeSpan.FromSeconds(1));
        Directory.CreateDirectory(session.Target.Directory);
        var decoder = new VideoDecoder(NullLogger<VideoDecoder>.Instance);

        var exit = await decoder.RunAsync(Request(clip) with { Record = session.Target }, new FrameBufferPool(), _ => { }, CancellationToken.None);
        session.Start(DateTimeOffset.UnixEpoch);
        session.Ended = true;
        var segments = session.TakeFinished();
        session.Close();

        Assert.Equal(DecoderExitKind.EndOfStream, exit.Kind);
        Assert.Equal(2, segments.Count);
        Assert.All(segments, s => Assert.True(File.Exists(RecordingLayout.Resolve(_directory, s.Path))));
    }

    [Fact]
    public async Task Quit_asks_ffmpeg_to_finish_and_it_exits_cleanly()
    {
        var lines = new List<string>();
        using var ffmpeg = FfmpegProcess.Start(
            ["-hide_banner", "-re", "-f", "lavfi", "-i", "testsrc2=s=160x120:r=25", "-f", "rawvideo", "pipe:1"],
            line => { lock (lines) { lines.Add(line); } }, readsOutput: false);
        await Task.Delay(500);
        Assert.False(ffmpeg.Process.HasExited);

        ffmpeg.Quit(TimeSpan.FromSeconds(10));
        var exitCode = await ffmpeg.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));

        // Quit by 'q', not killed: a killed ffmpeg exits with 137 and without its last words.
        Assert.Equal(0, exitCode);
        Assert.Contains(lines, line => line.Contains("[q] command received", StringComparison.Ordinal));
        // Asking again once it has gone (a broken pipe) is no error.
        ffmpeg.Quit(TimeSpan.Zero);
    }

    [Fact]
    public async Task An_ffmpeg_that_cannot_read_the_quit_request_is_killed_after_the_grace()
    {
        // Waiting for a connection, ffmpeg looks at stdin no more than a source that has stopped sending lets it.
        var port = LoopbackPorts.Free();
        using var ffmpeg = FfmpegProcess.Start(["-hide_banner", "-i", $"tcp://127.0.0.1:{port}?listen=1", "-f", "null", "-"], _ => { }, readsOutput: false);
        await Task.Delay(300);
        var time = new FakeTimeProvider();

        ffmpeg.Quit(TimeSpan.FromMilliseconds(500), time);
        // The grace runs on the test's clock: a loaded machine neither shortens nor stretches it.
        time.Advance(TimeSpan.FromMilliseconds(499));
        // Not killed while the test's clock stands before the grace's end, however long the machine takes.
        await Assert.ThrowsAsync<TimeoutException>(() => ffmpeg.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(1)));
        time.Advance(TimeSpan.FromMilliseconds(1));
        var exitCode = await ffmpeg.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(137, exitCode);
    }

    private static DecoderRequest Request(string path) =>
        new(VideoSource.Parse(path), 640, 384, Realtime: false, Loop: false, StallTimeout: TimeSpan.FromSeconds(20));

    /// <summary>A 2 s clip at 25 fps with keyframes each second, named <paramref name="name"/>.</summary>
    private string Clip(string name)
    {
        var path = Path.Combine(_directory, name);
        var start = new ProcessStartInfo("ffmpeg") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=2",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-pix_fmt", "yuv420p", "-f", "mp4", path,
        })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors);
        return path;
    }
}
