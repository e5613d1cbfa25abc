using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orleans.Video.Sources;

public static class SourcesServiceCollectionExtensions
{
    /// <summary>The source policy with its options (<c>Sources</c>), validated at start. Media and Notifications add it themselves; adding it again changes nothing.</summary>
    public static IServiceCollection AddVideoSources(this IServiceCollection services)
    {
        services.AddOptions<SourceOptions>().BindConfiguration(SourceOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SourceOptions>, SourceOptionsValidator>());
        services.TryAddSingleton<SourcePolicy>();
        return services;
    }
}
