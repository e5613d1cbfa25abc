using Microsoft.Extensions.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using Orleans.Video.Client;
using Orleans.Video.Storage.Tests.TestGrains;
using Orleans.Video.TestSupport;

namespace Orleans.Video.Storage.Tests;

/// <summary>
/// Two silos and a client that find each other only through the PostgreSQL membership table, with
/// grain state, PubSubStore and reminders in the same database.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    // Not created up front: the silos create it and apply the schema themselves (ApplySchema = true).
    public const string DatabaseName = "orleans_cluster";

    private const string ConnectionStringKey = PostgresOptions.SectionName + ":" + nameof(PostgresOptions.ConnectionString);

    public PostgresServer Postgres { get; } = new();

    public TestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public string ConnectionString => Postgres.ConnectionStringFor(DatabaseName);

    public string ClusterId => Cluster.Options.ClusterId;

    public string ServiceId => Cluster.Options.ServiceId;

    /// <summary>The running silos (in-process, so their services can be reached).</summary>
    public IReadOnlyList<InProcessSiloHandle> Silos => Cluster.GetActiveSilos().Cast<InProcessSiloHandle>().ToList();

    /// <summary>
    /// A silo's services. TestCluster only designates a Primary when it runs its own membership, so
    /// this takes the first active silo.
    /// </summary>
    public IServiceProvider SiloServices => Silos[0].ServiceProvider;

    public async Task InitializeAsync()
    {
        await Postgres.InitializeAsync();
        var builder = new TestClusterBuilder(2);
        // Otherwise TestCluster wires its own in-memory membership and the table would go unused.
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConfigureFileLogging = false;
        builder.Properties[ConnectionStringKey] = ConnectionString;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }

        await Postgres.DisposeAsync();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            // The configuration-bound overload: Postgres:ConnectionString comes from the test cluster's properties.
            siloBuilder.UseVideoPostgres();
            siloBuilder.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            siloBuilder.AddMemoryStreams(StreamProbeGrain.ProviderName);
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            clientBuilder.UseVideoPostgresClustering(configuration[ConnectionStringKey]!);
            clientBuilder.AddMemoryStreams(StreamProbeGrain.ProviderName);
        }
    }
}
