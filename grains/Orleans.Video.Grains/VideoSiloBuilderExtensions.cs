using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Video.Grains.Cluster;
using Orleans.Video.Grains.Placement;
using Orleans.Video.Inference;
using Orleans.Video.Media;

namespace Orleans.Video.Grains;

public static class VideoSiloBuilderExtensions
{
    /// <summary>
    /// Everything a silo needs to host the video grains: the stream provider, the GPU placement director,
    /// the decoder, the per-silo inference engine, and a start-up step that checks ffmpeg and restarts the
    /// cameras that should be running. <paramref name="gpu"/> is advertised in silo metadata for inference
    /// placement. Clustering and storage are configured separately.
    /// </summary>
    public static ISiloBuilder AddVideoGrains(this ISiloBuilder silo, bool gpu = false)
    {
        silo.UseSiloMetadata(new Dictionary<string, string> { [GpuPlacementStrategy.MetadataKey] = gpu ? "true" : "false" });
        silo.AddMemoryStreams(StreamNames.Provider);
        silo.Services.AddPlacementDirector<GpuPlacementStrategy, GpuPlacementDirector>();
        silo.Services.AddSingleton<GpuSilos>();
        silo.Services.AddOptions<CameraClusterOptions>().BindConfiguration(CameraClusterOptions.Section);
        silo.Services.AddSingleton<CameraKeeper>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<CameraKeeper>());
        silo.Services.AddOptions<PipelineOptions>().BindConfiguration(PipelineOptions.Section).ValidateOnStart();
        silo.Services.AddSingleton<IValidateOptions<PipelineOptions>, PipelineOptionsValidator>();
        silo.Services.AddSingleton<VideoDecoder>();
        silo.Services.AddOptions<SourceOptions>().BindConfiguration(SourceOptions.Section);
        silo.Services.AddSingleton<SourcePolicy>();
        silo.Services.AddVideoInference(silo.Configuration);
        silo.AddStartupTask(async (services, cancellationToken) =>
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Orleans.Video.Startup");
            var version = await FfmpegInstallation.VerifyAsync(cancellationToken);
            logger.LogInformation("Using {FfmpegVersion}", version);
            var registry = services.GetRequiredService<IGrainFactory>().GetGrain<ICameraRegistryGrain>(ICameraRegistryGrain.Key);
            await registry.EnsureStartedAsync();
        });
        return silo;
    }
}
