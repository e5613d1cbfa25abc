using System.Diagnostics;

namespace Orleans.Video.Media.Tests;

public sealed class DecoderPriorityTests
{
    [Fact]
    public void The_process_with_the_named_pipe_on_its_command_line_is_lowered_to_nice_10()
    {
        // A stand-in child with the pipe name on its command line, as FFMpegCore gives ffmpeg.
        var pipe = $"FFMpegCore_{Guid.NewGuid():N}";
        using var child = Process.Start(new ProcessStartInfo("sh") { ArgumentList = { "-c", "sleep 20", pipe } })!;
        try
        {
            Assert.Equal(0, Nice(child.Id));
            Assert.True(DecoderPriority.TryLower($"-i clip.mp4 -f rawvideo \"unix:/tmp/CoreFxPipe_{pipe}\""));
            Assert.Equal(10, Nice(child.Id));
        }
        finally
        {
            child.Kill();
        }
    }

    [Fact]
    public void Arguments_without_a_pipe_or_with_one_no_process_has_change_nothing()
    {
        Assert.False(DecoderPriority.TryLower("-i clip.mp4 -f null -"));
        Assert.False(DecoderPriority.TryLower($"unix:/tmp/CoreFxPipe_FFMpegCore_{Guid.NewGuid():N}"));
    }

    /// <summary>The nice value: field 19 of /proc/PID/stat, counted after the command name in parentheses.</summary>
    private static int Nice(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16]);
    }
}
