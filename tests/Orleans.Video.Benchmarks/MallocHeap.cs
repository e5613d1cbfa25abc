using System.Globalization;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// What glibc's malloc holds resident in a process, read from /proc/PID/smaps: the main arena (the <c>[heap]</c>
/// mapping) and the other arenas (anonymous mappings that start on a 64 MiB boundary, glibc's heap size on 64-bit, and
/// are no longer than that). Neither the GC heap nor malloc's large allocations (mapped one by one and unmapped when
/// freed) are in it, so its growth is native memory that malloc kept. The arenas are told apart by address, a heuristic:
/// an anonymous mapping of the runtime's that happens to start on such a boundary would count too.
/// </summary>
public static class MallocHeap
{
    private const long ArenaBytes = 64L << 20;

    public static double ResidentMegabytes(int processId)
    {
        long kilobytes = 0;
        var counting = false;
        foreach (var line in File.ReadLines($"/proc/{processId}/smaps"))
        {
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 5 && !fields[0].EndsWith(':') && fields[0].Split('-') is [var from, var to])
            {
                var start = long.Parse(from, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var size = long.Parse(to, NumberStyles.HexNumber, CultureInfo.InvariantCulture) - start;
                var name = fields.Length == 6 ? fields[5].Trim() : "";
                counting = name == "[heap]" || (name.Length == 0 && start % ArenaBytes == 0 && size <= ArenaBytes);
            }
            else if (counting && fields is ["Rss:", var rss, ..])
            {
                kilobytes += long.Parse(rss, CultureInfo.InvariantCulture);
            }
        }
        return kilobytes / 1024.0;
    }
}
