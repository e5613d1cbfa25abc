using Orleans.Video.IntegrationTests.Support;

namespace Orleans.Video.IntegrationTests.Cli;

/// <summary>One silo process and its PostgreSQL for the CLI tests, and a way to run the CLI against them.</summary>
public sealed class CliClusterFixture : IAsyncLifetime
{
    public SiloCluster Cluster { get; private set; } = null!;

    public string Clip => Cluster.Clips.MovingBox;

    public async Task InitializeAsync()
    {
        Cluster = await SiloCluster.StartAsync();
        await Cluster.AddSiloAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>Runs <c>orleans-video</c> with <paramref name="arguments"/> against this cluster.</summary>
    public Task<CliResult> RunAsync(params string[] arguments) =>
        CliProcess.RunAsync([.. arguments, "--postgres", Cluster.Postgres.ConnectionString, "--cluster-id", Cluster.ClusterId]);
}
