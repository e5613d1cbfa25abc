using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Orleans.Video.Sources;

public static class SourcesServiceCollectionExtensions
{
    /// <summary>The source policy with its options (<c>Sources</c>), validated at start.</summary>
    public static IServiceCollection AddVideoSources(this IServiceCollection services)
    {
        services.AddOptions<SourceOptions>().BindConfiguration(SourceOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SourceOptions>, SourceOptionsValidator>();
        services.AddSingleton<SourcePolicy>();
        return services;
    }
}
