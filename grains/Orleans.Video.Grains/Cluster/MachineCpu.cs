using System.Globalization;

namespace Orleans.Video.Grains.Cluster;

/// <summary>
/// The machine's CPU busy between two samples, from the first line of /proc/stat (all cores: user, nice, system, idle,
/// iowait, irq, softirq, steal). Null on the first sample and where /proc/stat is not there.
/// </summary>
public sealed class MachineCpu
{
    private (ulong Busy, ulong Total)? _last;

    public double? Sample()
    {
        if (Read() is not { } now)
        {
            return null;
        }
        var last = _last;
        _last = now;
        if (last is not { } before || now.Total <= before.Total)
        {
            return null;
        }
        return Math.Round(100.0 * (now.Busy - before.Busy) / (now.Total - before.Total), 1);
    }

    private static (ulong Busy, ulong Total)? Read()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            var fields = reader.ReadLine()?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields is not { Length: >= 5 } || fields[0] != "cpu")
            {
                return null;
            }
            var values = fields.Skip(1).Take(8).Select(text => ulong.Parse(text, CultureInfo.InvariantCulture)).ToArray();
            var idle = values[3] + (values.Length > 4 ? values[4] : 0);
            var total = values.Aggregate(0UL, (sum, value) => sum + value);
            return (total - idle, total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return null;
        }
    }
}
