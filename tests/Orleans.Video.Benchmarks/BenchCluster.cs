using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Video.Client;
using Orleans.Video.TestSupport;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// Silo processes (the product's host, as deployed) joined through the bench's PostgreSQL under a cluster and service
/// id of their own, and a client SDK connected to them. Every silo stops when it is disposed.
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    private readonly PostgresServer _postgres;
    private readonly string _clips;
    private readonly string _id = $"bench-{Guid.NewGuid():N}"[..20];
    private readonly List<SiloProcess> _silos = [];
    private readonly HttpClient _http = SiloProcess.CreateHttpClient();
    private IHost? _client;

    private BenchCluster(PostgresServer postgres, string clips) => (_postgres, _clips) = (postgres, clips);

    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>The cluster's id (its rows in the membership table).</summary>
    public string Id => _id;

    public VideoClient Video => _client?.Services.GetRequiredService<VideoClient>() ?? throw new InvalidOperationException("not connected");

    /// <summary>The Orleans client under <see cref="Video"/>, for the management grain.</summary>
    public IClusterClient Orleans => _client?.Services.GetRequiredService<IClusterClient>() ?? throw new InvalidOperationException("not connected");

    /// <param name="gpu">Which silos (by index) advertise gpu=true.</param>
    /// <param name="settings">More settings for every silo (environment variable names, e.g. <c>Storage__Root</c>).</param>
    public static async Task<BenchCluster> StartAsync(PostgresServer postgres, string clips, int silos, Func<int, bool>? gpu = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var cluster = new BenchCluster(postgres, clips);
        await cluster.StartSilosAsync(silos, gpu, settings);
        await cluster.ConnectAsync();
        return cluster;
    }

    /// <summary>Starts silos together, as a deployment's pods start, and waits until each answers.</summary>
    public async Task<SiloProcess[]> StartSilosAsync(int count, Func<int, bool>? gpu = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var started = Enumerable.Range(0, count).Select(k =>
        {
            var all = new Dictionary<string, string>
            {
                ["Silo__ClusterId"] = _id,
                ["Silo__ServiceId"] = _id,
                ["Silo__Gpu"] = gpu?.Invoke(k) == true ? "true" : "false",
                ["Sources__MediaRoots__1"] = _clips,
                ["Logging__LogLevel__Default"] = "Warning",
                // Timestamps, so that the logs kept in .bench/logs line up with the bench's own.
                ["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                all[key] = value; // a bench's own settings win (the soak logs at the silo's default level)
            }
            return new SiloProcess(_postgres.ConnectionString, all);
        }).ToArray();
        _silos.AddRange(started);
        await Task.WhenAll(started.Select(silo => silo.WaitUntilReadyAsync(_http, TimeSpan.FromSeconds(120))));
        return started;
    }

    /// <summary>Connects (again) a client through the membership table: after a full restart the old one has no gateway.</summary>
    public async Task ConnectAsync()
    {
        await DisconnectAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client.UseVideoCluster(_postgres.ConnectionString, _id, _id));
        _client = builder.Build();
        await _client.StartAsync();
    }

    /// <summary>CPU time of the running silo processes: their own (user + system), and that of children that exited (ffmpeg runs that ended).</summary>
    public (TimeSpan Own, TimeSpan Children) SiloCpu()
    {
        var each = SiloCpuEach();
        return (each.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Own), each.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Children));
    }

    /// <summary>CPU of each running silo process, in start order: its own, and that of its children that exited.</summary>
    public IReadOnlyList<(TimeSpan Own, TimeSpan Children)> SiloCpuEach() =>
        _silos.Where(s => !s.HasExited).Select(silo =>
        {
            // "pid (comm) state ppid ...": after the command's closing parenthesis, utime is the 12th field.
            var stat = File.ReadAllText($"/proc/{silo.ProcessId}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long Ticks(int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);
            // Linux reports these in USER_HZ, 100 a second on every architecture .NET runs on.
            return (TimeSpan.FromMilliseconds((Ticks(11) + Ticks(12)) * 10), TimeSpan.FromMilliseconds((Ticks(13) + Ticks(14)) * 10));
        }).ToList();

    private async Task DisconnectAsync()
    {
        if (_client is { } client)
        {
            await client.StopAsync(TimeSpan.FromSeconds(5));
            client.Dispose();
            _client = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync();
        // Killed, not stopped: nothing of a bench cluster is kept but each silo's output, and its service id is never used again.
        var logs = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(_clips)!, "logs", _id)).FullName;
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
            await File.WriteAllTextAsync(Path.Combine(logs, $"silo-{silo.SiloPort}.log"), silo.Output);
        }
        _http.Dispose();
    }
}
