using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Video.Client;

namespace Orleans.Video.Cli.Connection;

/// <summary>An Orleans client connected to the cluster through the SDK, for the length of one command.</summary>
internal sealed class ClusterConnection : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly IHost _host;

    private ClusterConnection(IHost host)
    {
        _host = host;
        Video = host.Services.GetRequiredService<VideoClient>();
    }

    public VideoClient Video { get; }

    /// <summary>Joins the cluster, or throws <see cref="ClusterUnreachableException"/> within the connect timeout.</summary>
    /// <exception cref="ArgumentException">The connection string cannot be parsed.</exception>
    public static async Task<ClusterConnection> OpenAsync(ConnectionSettings settings, CancellationToken cancellationToken)
    {
        var postgres = ParseConnectionString(settings.ConnectionString);
        // No defaults: the CLI is configured by its command line alone (not by an appsettings.json in whatever
        // folder it runs from), and no console logger mixes Orleans' log lines into the command's output.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        builder.UseOrleansClient(client => client.UseVideoCluster(settings.ConnectionString, settings.ClusterId, tls: settings.Tls));
        var host = builder.Build();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.ConnectTimeout);
            // WaitAsync as well as the token: a start that ignores cancellation still cannot hold the command.
            await host.StartAsync(timeout.Token).WaitAsync(settings.ConnectTimeout, cancellationToken);
            return new ClusterConnection(host);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            await StopQuietlyAsync(host);
            var why = e is TimeoutException or OperationCanceledException
                ? $"no gateway answered within {settings.ConnectTimeout.TotalSeconds:0.#} s (is a silo of this cluster running?)"
                : Innermost(e).Message;
            throw new ClusterUnreachableException(
                $"cannot reach cluster '{settings.ClusterId}' through PostgreSQL at {postgres.Host}:{postgres.Port}/{postgres.Database}: {why}", e);
        }
        catch
        {
            await StopQuietlyAsync(host);
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await StopQuietlyAsync(_host);

    private static async Task StopQuietlyAsync(IHost host)
    {
        try
        {
            await host.StopAsync(StopTimeout).WaitAsync(StopTimeout);
        }
        catch (Exception)
        {
            // Leaving the cluster is best effort: the command's result is already decided.
        }
        if (host is IAsyncDisposable asyncHost)
        {
            await asyncHost.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }

    private static NpgsqlConnectionStringBuilder ParseConnectionString(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            throw new ArgumentException($"--postgres is not a valid Npgsql connection string: {e.Message}");
        }
    }
}
