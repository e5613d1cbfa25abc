using System.Diagnostics;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// Machine-wide CPU use from /proc/stat (the decoders are ffmpeg child processes, so this process's own CPU
/// time would miss them) and the memory of this process plus its ffmpeg children, as proportional set size:
/// resident memory with shared pages (ffmpeg's libraries, mapped by every decoder) divided among their users,
/// so that eight decoders do not count the same libavcodec eight times.
/// </summary>
public sealed class SystemSampler
{
    private (long Busy, long Total) _start = Read();
    private TimeSpan _siloStart = SiloTime();
    private Dictionary<int, TimeSpan> _decodersStart = DecoderTimes();

    public void Restart()
    {
        _start = Read();
        _siloStart = SiloTime();
        _decodersStart = DecoderTimes();
    }

    /// <summary>
    /// CPU time since <see cref="Restart"/> of this process (the silo) and of the ffmpeg decoders that ran throughout:
    /// where a frame's cost goes, which varies far less between runs than frames per second on a shared machine.
    /// </summary>
    public (TimeSpan Silo, TimeSpan Decoders) ProcessTimes()
    {
        var decoders = DecoderTimes()
            .Where(entry => _decodersStart.ContainsKey(entry.Key))
            .Aggregate(TimeSpan.Zero, (sum, entry) => sum + entry.Value - _decodersStart[entry.Key]);
        return (SiloTime() - _siloStart, decoders);
    }

    /// <summary>Percent of all cores busy since <see cref="Restart"/>.</summary>
    public double CpuPercent()
    {
        var end = Read();
        var total = end.Total - _start.Total;
        return total == 0 ? 0 : 100.0 * (end.Busy - _start.Busy) / total;
    }

    public static double ResidentMegabytes()
    {
        var kilobytes = ProportionalKilobytes(Environment.ProcessId) + Process.GetProcessesByName("ffmpeg").Sum(p =>
        {
            using (p)
            {
                return ProportionalKilobytes(p.Id);
            }
        });
        return kilobytes / 1024.0;
    }

    private static long ProportionalKilobytes(int pid)
    {
        try
        {
            // "Pss:            42430 kB"
            var line = File.ReadLines($"/proc/{pid}/smaps_rollup").First(l => l.StartsWith("Pss:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        catch (IOException)
        {
            return 0; // the process just exited
        }
    }

    private static TimeSpan SiloTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static Dictionary<int, TimeSpan> DecoderTimes()
    {
        var times = new Dictionary<int, TimeSpan>();
        foreach (var process in Process.GetProcessesByName("ffmpeg"))
        {
            using (process)
            {
                try
                {
                    times[process.Id] = process.TotalProcessorTime;
                }
                catch (InvalidOperationException)
                {
                    // exited meanwhile
                }
            }
        }
        return times;
    }

    private static (long Busy, long Total) Read()
    {
        // "cpu  user nice system idle iowait irq softirq steal ..."
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var idle = fields[3] + fields[4];
        var total = fields.Take(8).Sum();
        return (total - idle, total);
    }
}
