namespace Orleans.Video.TestSupport;

/// <summary>
/// A network partition between silos on loopback, made with nftables: TCP to and from the given silo-to-silo ports is
/// dropped (not refused, as a cut link drops it), while everything else, PostgreSQL and the HTTP API included, still
/// flows. Dispose heals it. Needs root and Debian's nftables (deploy/setup.sh installs it).
/// </summary>
public sealed class Partition : IAsyncDisposable
{
    private readonly string _table;

    private Partition(string table) => _table = table;

    /// <summary>Whether this process can make one: root, with the nft command.</summary>
    public static bool Possible => Environment.IsPrivilegedProcess && File.Exists("/usr/sbin/nft");

    /// <summary>Cuts every connection to or from <paramref name="siloPorts"/>, those open already included.</summary>
    public static async Task<Partition> CutAsync(IEnumerable<int> siloPorts)
    {
        var ports = string.Join(", ", siloPorts);
        // A table of its own, named for this test run, so a heal removes exactly what the cut added.
        var table = $"orleans_video_partition_{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..8]}";
        var rules = $$"""
            table inet {{table}} {
                chain output {
                    type filter hook output priority 0; policy accept;
                    tcp dport { {{ports}} } drop
                    tcp sport { {{ports}} } drop
                }
            }
            """;
        var file = Path.Combine(Path.GetTempPath(), table + ".nft");
        await File.WriteAllTextAsync(file, rules);
        try
        {
            await ProcessRunner.RunAsync("nft", ["-f", file], TimeSpan.FromSeconds(30));
        }
        finally
        {
            File.Delete(file);
        }
        return new Partition(table);
    }

    public async ValueTask DisposeAsync() =>
        await ProcessRunner.RunAsync("nft", ["delete", "table", "inet", _table], TimeSpan.FromSeconds(30));
}
