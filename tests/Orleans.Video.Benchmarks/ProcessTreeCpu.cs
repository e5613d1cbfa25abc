using System.Globalization;
using Orleans.Video.TestSupport;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// CPU time of a process and everything under it, from /proc: the silo with its ffmpeg decoders, or node with the
/// Chromium it launched (browser, zygotes, renderers, GPU process). Each live process counts its own time and that of
/// the children it has reaped (cutime, cstime), so a decoder that exits between two samples is not lost; a process
/// orphaned to init is, which the bench's trees do not do while measured.
/// </summary>
public static class ProcessTreeCpu
{
    /// <summary>CPU of the process <paramref name="root"/> itself and of its descendants now; zero for a process that is gone.</summary>
    public static (TimeSpan Own, TimeSpan Descendants) Of(int root)
    {
        var processes = ReadAll();
        if (!processes.TryGetValue(root, out var self))
        {
            return (TimeSpan.Zero, TimeSpan.Zero);
        }
        var children = processes.Values.ToLookup(p => p.Parent);
        var descendants = TimeSpan.Zero;
        var pending = new Stack<int>(children[root].Select(p => p.Id));
        while (pending.TryPop(out var id))
        {
            var process = processes[id];
            descendants += process.Own + process.Reaped;
            foreach (var child in children[id])
            {
                pending.Push(child.Id);
            }
        }
        // The root's reaped children (ffmpeg runs that ended) are its descendants' time, not its own.
        return (self.Own, descendants + self.Reaped);
    }

    private sealed record Stat(int Id, int Parent, TimeSpan Own, TimeSpan Reaped);

    private static Dictionary<int, Stat> ReadAll() => ProcStat.ReadAll().ToDictionary(p => p.Pid, p =>
    {
        long Ticks(int index) => long.Parse(p.Fields[index], CultureInfo.InvariantCulture);
        return new Stat(p.Pid, (int)Ticks(1), TimeSpan.FromMilliseconds((Ticks(11) + Ticks(12)) * 10), TimeSpan.FromMilliseconds((Ticks(13) + Ticks(14)) * 10));
    });
}
