using System.Runtime.InteropServices;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// CPU time (user + system) of this process and of its children that have exited, from getrusage(2): what a piece of
/// work cost in CPU whatever the number of threads or processes it used, e.g. an ffmpeg run and the pipe reading it.
/// </summary>
internal static partial class CpuClock
{
    private const int Self = 0, Children = -1;

    /// <summary>This process's CPU time plus that of every child process waited for so far.</summary>
    public static TimeSpan Now() => Read(Self) + Read(Children);

    private static TimeSpan Read(int who)
    {
        if (GetRusage(who, out var usage) != 0)
        {
            throw new InvalidOperationException($"getrusage failed: errno {Marshal.GetLastPInvokeError()}");
        }
        return Time(usage.UserTime) + Time(usage.SystemTime);
    }

    private static TimeSpan Time(TimeValue value) => TimeSpan.FromSeconds(value.Seconds) + TimeSpan.FromMicroseconds(value.Microseconds);

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetRusage(int who, out ResourceUsage usage);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeValue
    {
        public long Seconds;
        public long Microseconds;
    }

    /// <summary>struct rusage on 64-bit Linux: two timevals, then 14 longs this does not read.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct ResourceUsage
    {
        public TimeValue UserTime;
        public TimeValue SystemTime;
        public fixed long Rest[14];
    }
}
