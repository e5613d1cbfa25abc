using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Orleans.Video.Media;

/// <summary>
/// Puts a running ffmpeg decoder below the silo in the CPU's queue. Under overload the decoders outrun inference:
/// what they decode beyond that is dropped at the camera's gate anyway, and at the same priority the silo's threads
/// wait behind them (measured at 8 cameras on 2 cores: p99 decode→stored 300 ms; with the decoders lowered, 50 ms,
/// no drops, the same throughput). FFMpegCore does not hand out the process, so it is found by the pipe FFMpegCore
/// named for it, which is on its command line.
/// </summary>
public static partial class DecoderPriority
{
    /// <summary>Lowers the priority (nice 10 on Linux) of the process whose command line has the pipe named in <paramref name="arguments"/>.</summary>
    /// <returns>Whether such a process was found and lowered.</returns>
    public static bool TryLower(string arguments)
    {
        using var process = Find(arguments);
        if (process is null)
        {
            return false;
        }
        try
        {
            process.PriorityClass = ProcessPriorityClass.BelowNormal;
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            return false; // gone meanwhile
        }
    }

    /// <summary>The running ffmpeg process whose command line has the pipe named in <paramref name="arguments"/>, or null.</summary>
    public static Process? Find(string arguments) => PipeNameIn(arguments) is { } pipe ? FindByCommandLine(pipe) : null;

    /// <summary>The FFMpegCore pipe named in <paramref name="arguments"/>, or null.</summary>
    public static string? PipeNameIn(string arguments) => PipeName().Match(arguments) is { Success: true } pipe ? pipe.Value : null;

    /// <summary>The running process (not this one) whose command line contains <paramref name="marker"/> (a pipe name, a session's unique folder), or null.</summary>
    public static Process? FindByCommandLine(string marker)
    {
        if (!Directory.Exists("/proc"))
        {
            return null;
        }
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(marker, StringComparison.Ordinal))
                {
                    return Process.GetProcessById(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or Win32Exception)
            {
                // Gone meanwhile, or not ours to read: look on.
            }
        }
        return null;
    }

    [GeneratedRegex(@"FFMpegCore_[0-9A-Za-z_-]+")]
    private static partial Regex PipeName();
}
