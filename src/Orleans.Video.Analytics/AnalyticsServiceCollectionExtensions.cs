using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orleans.Video.Analytics;

public static class AnalyticsServiceCollectionExtensions
{
    /// <summary>Tracking's and events' options (<c>Tracking</c>, <c>Events</c>), validated at start.</summary>
    public static IServiceCollection AddVideoAnalytics(this IServiceCollection services)
    {
        services.AddOptions<TrackerOptions>().BindConfiguration(TrackerOptions.Section).ValidateOnStart();
        services.AddOptions<EventOptions>().BindConfiguration(EventOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TrackerOptions>, TrackingOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventOptions>, TrackingOptionsValidator>());
        return services;
    }
}
