namespace Orleans.Video.TestSupport;

/// <summary>
/// A name this machine resolves through /etc/hosts, pointed at an address and pointed elsewhere later, as a DNS
/// record an attacker controls can be (rebinding). Dispose removes it. Needs root.
/// </summary>
public sealed class HostsEntry : IDisposable
{
    private const string HostsFile = "/etc/hosts";
    private readonly string _name;

    public HostsEntry(string name, string address)
    {
        _name = name;
        PointTo(address);
    }

    /// <summary>Whether this process may edit /etc/hosts.</summary>
    public static bool Possible => Environment.IsPrivilegedProcess && File.Exists(HostsFile);

    /// <summary>From now on the name resolves to <paramref name="address"/> (glibc reads the file at every lookup).</summary>
    public void PointTo(string address) => Write([.. Others(), $"{address} {_name}"]);

    public void Dispose() => Write(Others());

    private List<string> Others() =>
        [.. File.ReadAllLines(HostsFile).Where(line => !line.Split(' ', '\t').Skip(1).Contains(_name, StringComparer.Ordinal))];

    // Written in place, not renamed over: in a container /etc/hosts is often a mount of its own.
    private static void Write(List<string> lines) => File.WriteAllText(HostsFile, string.Join('\n', lines) + "\n");
}
