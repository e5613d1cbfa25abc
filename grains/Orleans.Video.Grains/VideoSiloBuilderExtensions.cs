using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Video.Analytics;
using Orleans.Video.Grains.Cameras;
using Orleans.Video.Grains.Cluster;
using Orleans.Video.Grains.Events;
using Orleans.Video.Grains.Inference;
using Orleans.Video.Grains.Jobs;
using Orleans.Video.Grains.Notifications;
using Orleans.Video.Grains.Placement;
using Orleans.Video.Grains.Results;
using Orleans.Video.Inference;
using Orleans.Video.Media;
using Orleans.Video.Notifications;
using Orleans.Video.Storage.Results;
using Orleans.Video.Sources;

namespace Orleans.Video.Grains;

public static class VideoSiloBuilderExtensions
{
    /// <summary>
    /// Everything a silo needs to host the video grains: the stream provider, the GPU placement director,
    /// the decoder, the per-silo inference engine, and a start-up step that checks ffmpeg and restarts the
    /// cameras that should be running. <paramref name="gpu"/> is advertised in silo metadata for inference
    /// placement, <paramref name="decodeCapacity"/> (source pixels a second, 0 for no limit) for camera placement.
    /// Clustering and storage are configured separately (<c>UseVideoPostgres</c>: the grains need its storages and the results tables).
    /// </summary>
    public static ISiloBuilder AddVideoGrains(this ISiloBuilder silo, bool gpu = false, long decodeCapacity = 0)
    {
        silo.Services.AddOptions<StreamOptions>().BindConfiguration(StreamOptions.Section).ValidateOnStart();
        silo.Services.AddSingleton<IValidateOptions<StreamOptions>, StreamOptionsValidator>();
        silo.UseSiloMetadata(new Dictionary<string, string>
        {
            [GpuPlacementStrategy.MetadataKey] = gpu ? "true" : "false",
            [ClusterSilos.CoresKey] = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [ClusterSilos.DecodeCapacityKey] = decodeCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        silo.AddMemoryStreams(StreamNames.Provider, streams =>
        {
            // Each queue's agent reads it on a timer, whether or not anything arrived: Orleans' 100 ms default was most of a
            // frame's decode-to-persisted latency (two stream hops) and, with few frames in flight, capped each camera's rate;
            // 10 ms was 800 reads a second on the default 8 queues, about a tenth of the silo's CPU at 8 cameras (docs/performance.md).
            streams.ConfigurePullingAgent(agent => agent.Configure<IOptions<StreamOptions>>(
                (options, video) => options.GetQueueMsgsTimerPeriod = video.Value.PollInterval));
            // Delivered items stay cached for rewinding, by default for minutes: at hundreds of KiB a frame that was gigabytes.
            // Frames are never rewound (a late frame is a dropped frame), so let them go as soon as they are delivered.
            streams.ConfigureCacheEviction(eviction => eviction.Configure(options =>
            {
                options.DataMinTimeInCache = TimeSpan.Zero;
                options.DataMaxAgeInCache = TimeSpan.FromSeconds(2);
            }));
        });
        silo.Services.AddPlacementDirector<GpuPlacementStrategy, GpuPlacementDirector>();
        silo.Services.AddSingleton<GpuSilos>();
        silo.Services.AddPlacementDirector<CameraPlacementStrategy, CameraPlacementDirector>();
        silo.Services.AddSingleton<ClusterSilos>();
        silo.Services.AddSingleton<JobAdmission>();
        silo.Services.AddSingleton<LocalCameras>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<LocalCameras>());
        silo.Services.AddOptions<CameraClusterOptions>().BindConfiguration(CameraClusterOptions.Section).ValidateOnStart();
        silo.Services.AddSingleton<IValidateOptions<CameraClusterOptions>, CameraClusterOptionsValidator>();
        silo.Services.AddVideoAnalytics();
        silo.Services.AddOptions<DetectionStorageOptions>().BindConfiguration(DetectionStorageOptions.Section).ValidateOnStart();
        silo.Services.AddSingleton<IValidateOptions<DetectionStorageOptions>, RetentionOptionsValidator>();
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddSingleton<CameraKeeper>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<CameraKeeper>());
        silo.Services.AddVideoMedia();
        silo.Services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateOnStart();
        silo.Services.AddSingleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>();
        silo.Services.AddSingleton<ChunkWorkers>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<ChunkWorkers>());
        silo.Services.AddSingleton<SiloReporter>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<SiloReporter>());
        silo.Services.AddVideoNotifications();
        silo.Services.AddSingleton<Notifier>();
        silo.Services.AddSingleton<Access.AuditTrail>();
        silo.Services.AddVideoInference(silo.Configuration, hostedService: false);
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, InferenceLifecycle>();
        silo.AddStartupTask(async (services, cancellationToken) =>
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Orleans.Video.Startup");
            var version = await FfmpegInstallation.VerifyAsync(cancellationToken);
            logger.LogInformation("Using {FfmpegVersion}", version);
            if (services.GetRequiredService<IOptions<MediaStorageOptions>>().Value is { Enabled: true } storage)
            {
                MediaMetrics.WatchStorage(storage.Root!);
            }
            await services.GetRequiredService<IGrainFactory>().GetGrain<ICameraPlannerGrain>(ICameraRegistryGrain.Key).EnsureStartedAsync();
            if (services.GetRequiredService<IOptions<NotificationsOptions>>().Value.Mqtt.Enabled)
            {
                // Connected from the start, so "{prefix}/available" says online before the first event.
                await services.GetRequiredService<IGrainFactory>().GetGrain<IMqttBridgeGrain>(IMqttBridgeGrain.Key).EnsureStartedAsync();
            }
        });
        return silo;
    }
}
