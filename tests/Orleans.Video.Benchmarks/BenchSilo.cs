using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Video.Client;
using Orleans.Video.Grains;
using Orleans.Video.Storage;
using Orleans.Video.TestSupport;

namespace Orleans.Video.Benchmarks;

/// <summary>One real silo in this process (PostgreSQL membership, storage and reminders), as the product runs it.</summary>
public sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchSilo(IHost host)
    {
        _host = host;
        Video = new VideoClient(host.Services.GetRequiredService<IClusterClient>());
    }

    public VideoClient Video { get; }

    public static async Task<BenchSilo> StartAsync(string connectionString, string mediaRoot, bool realtimeFiles, BenchModel model)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(model.Settings)
        {
            ["Pipeline:RealtimeFiles"] = realtimeFiles ? "true" : "false",
            ["Sources:MediaRoots:0"] = mediaRoot,
        });
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = $"bench-{Guid.NewGuid():N}";
                cluster.ServiceId = "orleans-video-bench";
            });
            silo.ConfigureEndpoints(IPAddress.Loopback, LoopbackPorts.Free(), LoopbackPorts.Free());
            silo.UseVideoPostgres(connectionString);
            silo.AddVideoGrains();
        });
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(30));
        _host.Dispose();
    }
}
