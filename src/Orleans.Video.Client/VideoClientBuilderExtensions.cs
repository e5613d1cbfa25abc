using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Video.Storage;

namespace Orleans.Video.Client;

public static class VideoClientBuilderExtensions
{
    /// <summary>
    /// Connects a client to the cluster whose membership table is in <paramref name="connectionString"/>'s
    /// PostgreSQL (the gateways are read from there) and registers <see cref="VideoClient"/>.
    /// </summary>
    public static IClientBuilder UseVideoCluster(this IClientBuilder client, string connectionString)
    {
        client.UseVideoPostgresClustering(connectionString);
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
