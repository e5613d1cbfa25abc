using System.Diagnostics;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// Machine-wide CPU use from /proc/stat (the decoders are ffmpeg child processes, so this process's own CPU
/// time would miss them) and resident memory of this process plus its ffmpeg children.
/// </summary>
public sealed class SystemSampler
{
    private (long Busy, long Total) _start = Read();

    public void Restart() => _start = Read();

    /// <summary>Percent of all cores busy since <see cref="Restart"/>.</summary>
    public double CpuPercent()
    {
        var end = Read();
        var total = end.Total - _start.Total;
        return total == 0 ? 0 : 100.0 * (end.Busy - _start.Busy) / total;
    }

    public static double ResidentMegabytes()
    {
        var self = Process.GetCurrentProcess();
        self.Refresh();
        var bytes = self.WorkingSet64 + Process.GetProcessesByName("ffmpeg").Sum(p =>
        {
            using (p)
            {
                return p.WorkingSet64;
            }
        });
        return bytes / (1024.0 * 1024.0);
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
