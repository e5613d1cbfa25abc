using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Orleans.Video.Client;

public static class VideoClientBuilderExtensions
{
    /// <summary>The cluster and service id silos use unless configured otherwise (<c>Silo:ClusterId</c>).</summary>
    public const string DefaultClusterId = "orleans-video";

    /// <summary>
    /// Connects a client to the cluster whose membership table is in <paramref name="connectionString"/>'s
    /// PostgreSQL (the gateways are read from there) and registers <see cref="VideoClient"/>. With
    /// <paramref name="tls"/> enabled, gateway connections are mutual TLS (<see cref="ClusterTls"/>), as a cluster
    /// with <c>Silo:Tls</c> requires.
    /// </summary>
    public static IClientBuilder UseVideoCluster(
        this IClientBuilder client, string connectionString, string clusterId = DefaultClusterId, string serviceId = DefaultClusterId,
        ClusterTlsOptions? tls = null)
    {
        if (tls is { Enabled: true })
        {
            client.UseVideoTls(tls);
        }
        client.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = clusterId;
            cluster.ServiceId = serviceId;
        });
        // Learn of new gateways (and dead ones) within seconds, not the default minute.
        client.Configure<GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        client.UseVideoPostgresClustering(connectionString);
        // A program that traces its calls (OpenTelemetry) has them continue through the silos.
        client.AddActivityPropagation();
        client.AddVideoClient();
        return client;
    }

    /// <summary>The stream provider and <see cref="VideoClient"/>, for a client whose clustering is set up elsewhere.</summary>
    public static IClientBuilder AddVideoClient(this IClientBuilder client)
    {
        client.AddMemoryStreams(StreamNames.Provider);
        client.Services.AddSingleton<VideoClient>();
        return client;
    }
}
