using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Video.Sources;

namespace Orleans.Video.Media;

public static class MediaServiceCollectionExtensions
{
    /// <summary>
    /// Decoding and recording: the pipeline's options (<c>Pipeline</c>) and the media storage's (<c>Storage</c>), validated
    /// at start, the decoder with its start pacing, the clip writer, and the source policy every decoder start asks.
    /// </summary>
    public static IServiceCollection AddVideoMedia(this IServiceCollection services)
    {
        services.AddVideoSources();
        services.AddOptions<PipelineOptions>().BindConfiguration(PipelineOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PipelineOptions>, PipelineOptionsValidator>());
        services.AddOptions<MediaStorageOptions>().BindConfiguration(MediaStorageOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MediaStorageOptions>, MediaStorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new DecoderStarts(
            provider.GetRequiredService<IOptions<PipelineOptions>>().Value.MaxDecoderStartsPerSecond, provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<VideoDecoder>();
        services.TryAddSingleton<ClipWriter>();
        return services;
    }
}
