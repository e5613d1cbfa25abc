using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Video.Sources;

namespace Orleans.Video.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>The notifications' options (<c>Notifications</c>), validated at start, and the webhook sender, which follows the source policy.</summary>
    public static IServiceCollection AddVideoNotifications(this IServiceCollection services)
    {
        services.AddVideoSources();
        services.AddOptions<NotificationsOptions>().BindConfiguration(NotificationsOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationsOptions>, NotificationsOptionsValidator>());
        services.TryAddSingleton<WebhookSender>();
        return services;
    }
}
