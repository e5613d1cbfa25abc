namespace Orleans.Video.TestSupport;

/// <summary>The processes of this machine as /proc/N/stat lists them: the way to see another process's parent and CPU times.</summary>
public static class ProcStat
{
    /// <summary>
    /// Each process's id and its stat fields after the command's name ("pid (comm) state ppid ..."): the name may hold
    /// spaces and parentheses, so the fields start after the last ')'. Field 0 is the state, 1 the parent's id, 11 to 14
    /// utime, stime, cutime and cstime in USER_HZ (100 a second wherever .NET runs).
    /// </summary>
    public static IEnumerable<(int Pid, string[] Fields)> ReadAll()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue; // exited between the listing and the read
            }
            yield return (pid, stat[(stat.LastIndexOf(')') + 2)..].Split(' '));
        }
    }

    /// <summary>The processes whose parent is <paramref name="pid"/>.</summary>
    public static IReadOnlyList<int> Children(int pid) =>
        [.. ReadAll().Where(p => p.Fields[1] == pid.ToString(System.Globalization.CultureInfo.InvariantCulture)).Select(p => p.Pid)];
}
