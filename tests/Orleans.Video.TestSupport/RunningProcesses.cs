using System.ComponentModel;
using System.Diagnostics;

namespace Orleans.Video.TestSupport;

/// <summary>Finds processes the code under test started, which it does not hand out (a camera's ffmpeg inside a silo).</summary>
public static class RunningProcesses
{
    /// <summary>The running process (not this one) whose command line contains <paramref name="marker"/> (a source's address, a unique folder), or null.</summary>
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
}
