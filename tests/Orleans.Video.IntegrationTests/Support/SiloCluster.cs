using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Video.Client;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Support;

/// <summary>
/// Silo processes joined through one private PostgreSQL (ADO.NET membership), with fast failure detection,
/// and an HTTP client for their API. Every silo and the PostgreSQL server stop when the test ends.
/// </summary>
public sealed class SiloCluster : IAsyncDisposable
{
    private readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";
    private readonly List<SiloProcess> _silos = [];
    private readonly List<IHost> _clients = [];

    private SiloCluster(PostgresServer postgres) => Postgres = postgres;

    /// <summary>The Orleans cluster id the silos join with, for clients that connect through the membership table.</summary>
    public string ClusterId => _clusterId;

    public PostgresServer Postgres { get; }
    public TestClips Clips { get; } = new();
    public HttpClient Http { get; } = SiloProcess.CreateHttpClient();
    public IReadOnlyList<SiloProcess> Silos => _silos;
    public IEnumerable<SiloProcess> Alive => _silos.Where(s => !s.HasExited);

    public static async Task<SiloCluster> StartAsync()
    {
        var postgres = new PostgresServer();
        await postgres.InitializeAsync();
        return new SiloCluster(postgres);
    }

    /// <param name="assembly">The silo host to run; by default the CPU build.</param>
    public async Task<SiloProcess> AddSiloAsync(bool gpu = false, IReadOnlyDictionary<string, string>? settings = null, string? assembly = null)
    {
        var silo = StartSilo(gpu, settings, assembly);
        await silo.WaitUntilReadyAsync(Http, TimeSpan.FromSeconds(90));
        return silo;
    }

    /// <summary>Starts <paramref name="count"/> silos together, as a deployment's pods start, and waits for all of them.</summary>
    public async Task<SiloProcess[]> AddSilosAsync(int count, IReadOnlyDictionary<string, string>? settings = null)
    {
        var silos = Enumerable.Range(0, count).Select(_ => StartSilo(gpu: false, settings)).ToArray();
        await Task.WhenAll(silos.Select(silo => silo.WaitUntilReadyAsync(Http, TimeSpan.FromSeconds(90))));
        return silos;
    }

    private SiloProcess StartSilo(bool gpu, IReadOnlyDictionary<string, string>? settings, string? assembly = null)
    {
        var all = new Dictionary<string, string>
        {
            ["Silo__ClusterId"] = _clusterId,
            ["Silo__Gpu"] = gpu ? "true" : "false",
            ["Inference__Models__shapes__Builtin"] = "bright-object",
            ["Inference__Models__shapes__InputWidth"] = "640",
            ["Inference__Models__shapes__InputHeight"] = "384",
            ["Cameras__SweepInterval"] = "00:00:05",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }
        var silo = new SiloProcess(Postgres.ConnectionString, all, assembly);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>An Orleans client process-in-the-test, finding gateways through the membership table.</summary>
    public async Task<VideoClient> ConnectClientAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client => client.UseVideoCluster(Postgres.ConnectionString, _clusterId, "orleans-video"));
        var host = builder.Build();
        await host.StartAsync();
        _clients.Add(host);
        return host.Services.GetRequiredService<VideoClient>();
    }

    public IClusterClient ClusterClient(VideoClient video) =>
        _clients.Select(c => c.Services).First(s => s.GetRequiredService<VideoClient>() == video).GetRequiredService<IClusterClient>();

    public string ApiUrl(string path) => Alive.First().BaseUrl + path;

    public async Task AddCameraAsync(string id, double fps = 5, string? source = null)
    {
        using var response = await Http.PostAsJsonAsync(ApiUrl("/api/cameras"), new { id, source = source ?? Clips.MovingBox, fps, model = "shapes" });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A camera's status as the HTTP API shows it.</summary>
    public async Task<JsonElement> CameraAsync(string id) => await Http.GetFromJsonAsync<JsonElement>(ApiUrl($"/api/cameras/{id}"));

    /// <summary>A camera's recorded spans (the newest page), oldest first.</summary>
    public async Task<List<(DateTimeOffset Start, DateTimeOffset End)>> RecordedSpansAsync(string id)
    {
        var page = await Http.GetFromJsonAsync<JsonElement>(ApiUrl($"/api/cameras/{id}/recordings"));
        return [.. page.GetProperty("items").EnumerateArray()
            .Select(s => (s.GetProperty("start").GetDateTimeOffset(), s.GetProperty("end").GetDateTimeOffset()))
            .OrderBy(s => s.Item1)];
    }

    public async Task<JsonElement[]> CamerasAsync() =>
        [.. (await Http.GetFromJsonAsync<JsonElement>(ApiUrl("/api/cameras"))).EnumerateArray()];

    /// <summary>A silo's status in the membership table, its newest generation on its port (<c>None</c> before it has a row).</summary>
    public async Task<Orleans.Runtime.SiloStatus> MembershipStatusAsync(SiloProcess silo)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT status FROM orleans_membership WHERE deployment_id = @cluster AND port = @port ORDER BY generation DESC LIMIT 1", connection);
        command.Parameters.AddWithValue("cluster", _clusterId);
        command.Parameters.AddWithValue("port", silo.SiloPort);
        return (Orleans.Runtime.SiloStatus)(int)(await command.ExecuteScalarAsync() ?? 0);
    }

    /// <summary>
    /// The camera registry's sweeps at <paramref name="stage"/> ("started" or "completed") as the silos' scrapes count
    /// them, summed over <paramref name="silos"/> (by default every live one): the registry sweeps on one silo at a time.
    /// </summary>
    public async Task<long> SweepsAsync(string stage, IEnumerable<SiloProcess>? silos = null)
    {
        long total = 0;
        foreach (var silo in silos ?? Alive)
        {
            total += (await Http.GetStringAsync(silo.BaseUrl + "/metrics")).Split('\n')
                .Where(line => line.StartsWith("orleans_video_registry_sweeps_total{", StringComparison.Ordinal) && line.Contains($"stage=\"{stage}\"", StringComparison.Ordinal))
                .Sum(line => long.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        }
        return total;
    }

    public async Task<long[]> SequencesAsync(string cameraId)
    {
        var page = await Http.GetFromJsonAsync<JsonElement>(ApiUrl($"/api/cameras/{cameraId}/detections?limit=1000"));
        return [.. page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("sequence").GetInt64())];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.StopAsync(TimeSpan.FromSeconds(5));
            client.Dispose();
        }
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
        Http.Dispose();
        Clips.Dispose();
        await Postgres.DisposeAsync();
    }
}
