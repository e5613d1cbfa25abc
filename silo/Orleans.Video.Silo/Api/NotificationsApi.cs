using Microsoft.Extensions.Options;
using Orleans.Video.Notifications;
using Orleans.Video.Silo.Security;

namespace Orleans.Video.Silo.Api;

/// <summary>Where event updates go and how far they got: the MQTT connection, and each webhook target's outbox.</summary>
public static class NotificationsApi
{
    public sealed record NotificationsView(MqttStatus? Mqtt, IReadOnlyList<WebhookStatus> Webhooks);

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/notifications", GetAsync).RequireAuthorization(ApiPolicies.Admin).WithTags("Notifications").WithSummary(
            "The MQTT connection (connected, queued, published, dropped, last error; null when not configured) and each webhook target's deliveries (pending, attempts, next attempt, delivered, rejected, dropped, last error).");
        return app;
    }

    private static async Task<NotificationsView> GetAsync(IOptions<NotificationsOptions> options, IGrainFactory grains)
    {
        var settings = options.Value;
        var mqtt = settings.Mqtt.Enabled ? await grains.GetGrain<IMqttBridgeGrain>(IMqttBridgeGrain.Key).GetStatusAsync() : null;
        var webhooks = await Task.WhenAll(settings.Webhooks.Select(target => grains.GetGrain<IWebhookGrain>(target.DisplayName).GetStatusAsync()));
        return new NotificationsView(mqtt, webhooks);
    }
}
