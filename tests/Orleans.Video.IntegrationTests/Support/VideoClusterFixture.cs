using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.TestingHost;
using Orleans.Video.Client;
using Orleans.Video.Grains;
using Orleans.Video.Storage;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Support;

/// <summary>
/// Two real silos (TestingHost, in process) clustered, storing and reminding through a private PostgreSQL
/// server; the second silo advertises <c>gpu=true</c>. Cameras decode generated clips with real ffmpeg and
/// detect with the project's own ONNX model through ONNX Runtime.
/// </summary>
public sealed class VideoClusterFixture : IAsyncLifetime
{
    public const string GpuSiloName = "Secondary_1";

    public PostgresServer Postgres { get; } = new();
    public TestClips Clips { get; } = new();
    public InProcessTestCluster Cluster { get; private set; } = null!;
    public VideoClient Video => Cluster.Client.ServiceProvider.GetRequiredService<VideoClient>();
    public IClusterClient Client => Cluster.Client;

    /// <summary>A file that exists and is not an ONNX model, for the bad-model case.</summary>
    public string BrokenModelPath => Clips.NotVideo;

    public async Task InitializeAsync()
    {
        await Postgres.InitializeAsync();
        var connectionString = Postgres.ConnectionString;
        var settings = new Dictionary<string, string?>
        {
            ["Inference:Models:shapes:Builtin"] = "bright-object",
            ["Inference:Models:shapes:Format"] = "Yolo",
            ["Inference:Models:shapes:InputWidth"] = "640",
            ["Inference:Models:shapes:InputHeight"] = "384",
            ["Inference:Models:shapes:Labels:0"] = "object",
            ["Inference:Models:shapes:Labels:1"] = "other",
            ["Inference:Models:broken:Path"] = BrokenModelPath,
            ["Inference:Models:broken:Format"] = "Yolo",
            ["Camera:StallTimeout"] = "00:00:10",
            ["Camera:InitialBackoff"] = "00:00:00.500",
        };

        var builder = new InProcessTestClusterBuilder(2);
        // Membership goes through the project's PostgreSQL schema, as in production.
        builder.Options.UseTestClusterMembership = false;
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(settings));
        builder.ConfigureSilo((options, silo) =>
        {
            silo.UseVideoPostgres(connectionString);
            silo.UseSiloMetadata(new Dictionary<string, string> { ["gpu"] = options.SiloName == GpuSiloName ? "true" : "false" });
            silo.AddVideoGrains();
        });
        builder.ConfigureClient(client => client.UseVideoPostgresClustering(connectionString).AddVideoClient());
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
        Clips.Dispose();
        await Postgres.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class VideoClusterCollection : ICollectionFixture<VideoClusterFixture>
{
    public const string Name = "video cluster";
}
