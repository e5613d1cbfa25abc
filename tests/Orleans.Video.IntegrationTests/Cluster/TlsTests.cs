using System.Diagnostics;
using Orleans.Video.IntegrationTests.Cli;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Cluster;

/// <summary>
/// Two silo processes that require TLS (<c>Silo:Tls</c>) with certificates from <c>deploy/tls-dev-ca.sh</c>: they
/// form a cluster and share cameras over TLS, and the CLI connects only with a certificate from the cluster's CA.
/// </summary>
public sealed class TlsTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("orleans-video-tls-").FullName;
    private SiloCluster _cluster = null!;

    private string Cluster => Path.Combine(_directory, "cluster");
    private string Rogue => Path.Combine(_directory, "rogue");

    public async Task InitializeAsync()
    {
        await DevCaAsync(Cluster, "silo", "client");
        // Another CA's certificate: well formed, but not the cluster's.
        await DevCaAsync(Rogue, "client");
        _cluster = await SiloCluster.StartAsync();
        await _cluster.AddSilosAsync(2, new Dictionary<string, string>
        {
            ["Silo__Tls__Certificate"] = Path.Combine(Cluster, "silo.pem"),
            ["Silo__Tls__Key"] = Path.Combine(Cluster, "silo-key.pem"),
            ["Silo__Tls__Ca"] = Path.Combine(Cluster, "ca.pem"),
        });
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task DevCaAsync(string directory, params string[] names)
    {
        var script = new ProcessStartInfo("bash", [Path.Combine(SiloProcess.RepositoryRoot(), "deploy", "tls-dev-ca.sh"), directory, .. names])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(script)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"tls-dev-ca.sh: {await error}");
    }

    private Task<CliResult> CliAsync(string? tlsDirectory, params string[] arguments)
    {
        List<string> all = [.. arguments, "--postgres", _cluster.Postgres.ConnectionString, "--cluster-id", _cluster.ClusterId, "--connect-timeout", "8"];
        if (tlsDirectory is not null)
        {
            all.AddRange(["--tls-cert", Path.Combine(tlsDirectory, "client.pem"), "--tls-key", Path.Combine(tlsDirectory, "client-key.pem"),
                "--tls-ca", Path.Combine(Cluster, "ca.pem")]);
        }
        return CliProcess.RunAsync(all);
    }

    [Fact]
    public async Task Silos_share_cameras_over_tls_and_only_clients_with_the_cluster_s_certificate_connect()
    {
        foreach (var id in new[] { "tls-1", "tls-2", "tls-3", "tls-4" })
        {
            await _cluster.AddCameraAsync(id, fps: 2);
        }
        // Each camera's status comes from the silo running it: both silos answer each other over TLS.
        await Eventually.ValueAsync(
            async () => (await _cluster.CamerasAsync()).Where(c => c.GetProperty("state").GetString() == "Running")
                .Select(c => c.GetProperty("host").GetString()).Distinct().Count(),
            hosts => hosts == 2, Patience, "running cameras on both silos");
        foreach (var silo in _cluster.Silos)
        {
            Assert.Equal(Orleans.Runtime.SiloStatus.Active, await _cluster.MembershipStatusAsync(silo));
        }

        var trusted = await CliAsync(Cluster, "camera", "list");
        Assert.True(trusted.ExitCode == 0, trusted.ToString());
        Assert.Equal(4, trusted.Lines.Count(line => line.Contains("tls-", StringComparison.Ordinal)));

        var plain = await CliAsync(null, "camera", "list");
        Assert.True(plain.ExitCode == 2, plain.ToString());
        var rogue = await CliAsync(Rogue, "camera", "list");
        Assert.True(rogue.ExitCode == 2, rogue.ToString());

        var missing = await CliProcess.RunAsync(["camera", "list", "--postgres", _cluster.Postgres.ConnectionString, "--cluster-id", _cluster.ClusterId,
            "--tls-cert", Path.Combine(_directory, "nope.pem"), "--tls-ca", Path.Combine(Cluster, "ca.pem")]);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("nope.pem", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_whose_certificate_files_are_missing_does_not_start_and_says_which()
    {
        await using var silo = new SiloProcess(_cluster.Postgres.ConnectionString, new Dictionary<string, string>
        {
            ["Silo__ClusterId"] = _cluster.ClusterId,
            ["Silo__Tls__Certificate"] = Path.Combine(_directory, "missing.pem"),
            ["Silo__Tls__Ca"] = Path.Combine(Cluster, "ca.pem"),
        });
        await Eventually.TrueAsync(() => silo.HasExited, Patience, () => $"the silo to stop:\n{silo.Output}");
        Assert.NotEqual(0, silo.ExitCode);
        Assert.Contains("Silo:Tls:Certificate: no file", silo.Output, StringComparison.Ordinal);
    }
}
