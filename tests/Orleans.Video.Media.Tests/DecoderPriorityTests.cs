using System.Diagnostics;

namespace Orleans.Video.Media.Tests;

public sealed class DecoderPriorityTests
{
    [Fact]
    public void A_running_process_is_lowered_to_nice_10()
    {
        using var child = Process.Start(new ProcessStartInfo("sleep") { ArgumentList = { "20" } })!;
        try
        {
            Assert.Equal(0, Nice(child.Id));
            Assert.True(DecoderPriority.TryLower(child));
            Assert.Equal(10, Nice(child.Id));
        }
        finally
        {
            child.Kill();
        }
    }

    [Fact]
    public void A_process_that_has_gone_is_not_lowered()
    {
        using var child = Process.Start(new ProcessStartInfo("true"))!;
        child.WaitForExit();
        Assert.False(DecoderPriority.TryLower(child));
    }

    /// <summary>The nice value: field 19 of /proc/PID/stat, counted after the command name in parentheses.</summary>
    private static int Nice(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16]);
    }
}
