using System.ComponentModel;
using System.Diagnostics;

namespace Orleans.Video.TestSupport;

/// <summary>Finds processes the code under test started, which it does not hand out (a camera's ffmpeg inside a silo).</summary>
public static class RunningProcesses
{
    /// <summary>The running process (not this one) whose command line contains <paramref name="marker"/> (a source's address, a unique folder), or null.</summary>
    public static Process? FindByCommandLine(string marker)
    {
        foreach (var (pid, commandLine) in CommandLines())
        {
            if (commandLine.Contains(marker, StringComparison.Ordinal))
            {
                try
                {
                    return Process.GetProcessById(pid);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or Win32Exception)
                {
                    // Gone meanwhile: look on.
                }
            }
        }
        return null;
    }

    /// <summary>Every other running process's id and command line, its arguments separated by spaces.</summary>
    public static IEnumerable<(int Pid, string CommandLine)> CommandLines()
    {
        if (!Directory.Exists("/proc"))
        {
            yield break;
        }
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // gone meanwhile, or not ours to read
            }
            yield return (pid, commandLine);
        }
    }
}
