using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using Orleans.Video.TestSupport;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// <c>./bench.sh --cluster failover</c>: running cameras on 3 silo processes, the busiest silo killed (SIGKILL) again
/// and again, a new silo started after each recovery as an orchestrator would. Per kill: when membership declared the
/// silo dead (its row in the membership table) and when every camera decoded a frame again on a survivor. At the end,
/// whether a detection read before a kill is missing, or one is stored twice.
/// </summary>
/// <remarks>
/// Everything is read through a surviving silo's HTTP API, not the bench's client: a client whose gateway was the
/// killed silo would measure its own reconnection.
/// </remarks>
public static class FailoverBench
{
    private const int Silos = 3;
    private const double Fps = 2;

    /// <summary>How long the cameras run between a recovery and the next kill (the rebalancer moves some onto the new silo).</summary>
    private static readonly TimeSpan Between = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(60);

    public sealed record Round(int Cameras, int OnVictim, double DeclaredDead, double AllRunning);

    public sealed record Result(int Cameras, IReadOnlyList<Round> Rounds, int Lost, int Doubled, long Stored);

    public static async Task<Result> RunAsync(PostgresServer postgres, string clips, string clip, int cameras, int kills)
    {
        await using var cluster = await BenchCluster.StartAsync(postgres, clips, Silos);
        using var http = SiloProcess.CreateHttpClient();
        http.Timeout = TimeSpan.FromSeconds(5);
        var ids = Enumerable.Range(0, cameras).Select(i => $"fo-{i}").ToArray();
        foreach (var id in ids)
        {
            await cluster.Video.AddCameraAsync(id, new CameraConfig(clip, Fps, "shapes", Loop: true, MotionGate: false));
        }

        var read = new HashSet<string>(StringComparer.Ordinal);
        var rounds = new List<Round>();
        for (var kill = 1; kill <= kills; kill++)
        {
            var survivors = cluster.Silos.Where(s => !s.HasExited).ToList();
            var statuses = await Eventually.ValueAsync(() => StatusesAsync(http, survivors[0]),
                list => list.Count == cameras && list.All(s => s.State == "Running" && s.LastFrameAt > DateTimeOffset.UtcNow.AddSeconds(-3)),
                TimeSpan.FromMinutes(2), "every camera running before the kill");
            await Task.Delay(Between);
            foreach (var id in ids)
            {
                // A query makes the camera's buckets write what they hold: all of it must still be there at the end.
                read.UnionWith(await DetectionsAsync(http, survivors[0], id, onePage: true));
            }

            statuses = await StatusesAsync(http, survivors[0]);
            var victim = survivors.MaxBy(silo => statuses.Count(s => silo.Hosts(s.Host)))!;
            var witness = survivors.First(s => s != victim);
            var onVictim = statuses.Count(s => victim.Hosts(s.Host));
            var killedAt = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            victim.Kill();
            Bench.Log($"kill {kill}/{kills}: silo :{victim.SiloPort} with {onVictim} of {cameras} cameras");

            double? declared = null;
            double? allRunning = null;
            while (clock.Elapsed < GiveUp && (declared is null || allRunning is null))
            {
                declared ??= await IsDeadAsync(postgres, cluster.Id, victim.SiloPort) ? clock.Elapsed.TotalSeconds : null;
                if (allRunning is null)
                {
                    try
                    {
                        var now = await StatusesAsync(http, witness);
                        if (now.Count == cameras && now.All(s => s.State == "Running" && !victim.Hosts(s.Host) && s.LastFrameAt > killedAt))
                        {
                            allRunning = clock.Elapsed.TotalSeconds;
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        // A status call that waited on the dead silo: ask again.
                    }
                }
                await Task.Delay(100);
            }
            rounds.Add(new Round(cameras, onVictim, declared ?? double.NaN, allRunning ?? double.NaN));
            Bench.Log($"  declared dead after {declared:0.0} s, every camera decoding again after {allRunning:0.0} s");
            await cluster.StartSilosAsync(1);
        }

        var live = cluster.Silos.First(s => !s.HasExited);
        var stored = new List<string>();
        foreach (var id in ids)
        {
            stored.AddRange(await DetectionsAsync(http, live, id, onePage: false));
        }
        var distinct = stored.ToHashSet(StringComparer.Ordinal);
        return new Result(cameras, rounds, read.Count(key => !distinct.Contains(key)), stored.Count - distinct.Count, stored.Count);
    }

    public static string Report(Result result)
    {
        var times = result.Rounds.Select(r => r.AllRunning).Order().ToArray();
        var declared = result.Rounds.Select(r => r.DeclaredDead).Order().ToArray();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Failover: {result.Cameras} cameras at {Fps:0} fps on {Silos} silo processes, {result.Rounds.Count} kills (SIGKILL) of the busiest silo, a new silo started after each recovery.");
        text.AppendLine();
        text.AppendLine("| kill | cameras on the killed silo | declared dead after | every camera decoding again after |");
        text.AppendLine("|---:|---:|---:|---:|");
        foreach (var (round, k) in result.Rounds.Select((r, k) => (r, k + 1)))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {k} | {round.OnVictim} | {round.DeclaredDead:0.0} s | {round.AllRunning:0.0} s |");
        }
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Every camera decoding again: median {PipelineRun.Percentile(times, 0.5):0.0} s, worst {times[^1]:0.0} s (declared dead: median {PipelineRun.Percentile(declared, 0.5):0.0} s, worst {declared[^1]:0.0} s). " +
            $"Detections read before a kill and missing at the end: {result.Lost}; stored twice: {result.Doubled} (of {result.Stored}).");
        text.AppendLine();
        return text.ToString();
    }

    private sealed record Status(string Id, string State, string? Host, DateTimeOffset? LastFrameAt);

    private static async Task<List<Status>> StatusesAsync(HttpClient http, SiloProcess silo)
    {
        var list = await http.GetFromJsonAsync<JsonElement>($"{silo.BaseUrl}/api/cameras");
        return [.. list.EnumerateArray().Select(c => new Status(
            c.GetProperty("id").GetString()!,
            c.GetProperty("state").GetString()!,
            c.GetProperty("host").GetString(),
            c.TryGetProperty("lastFrameAt", out var at) && at.ValueKind == JsonValueKind.String ? at.GetDateTimeOffset() : null))];
    }

    /// <summary>Each stored detection as a key (frame sequence, label and box), newest first.</summary>
    private static async Task<List<string>> DetectionsAsync(HttpClient http, SiloProcess silo, string cameraId, bool onePage)
    {
        var keys = new List<string>();
        string? cursor = null;
        do
        {
            var url = $"{silo.BaseUrl}/api/cameras/{cameraId}/detections?limit=1000" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await http.GetFromJsonAsync<JsonElement>(url);
            keys.AddRange(page.GetProperty("items").EnumerateArray().Select(item =>
                $"{cameraId}/{item.GetProperty("sequence").GetInt64()}/{item.GetProperty("label").GetString()}/{item.GetProperty("x").GetRawText()},{item.GetProperty("y").GetRawText()},{item.GetProperty("width").GetRawText()},{item.GetProperty("height").GetRawText()}"));
            cursor = page.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null && !onePage);
        return keys;
    }

    /// <summary>Whether the membership table has the silo (by its silo port) as dead (Orleans' SiloStatus.Dead, 6).</summary>
    private static async Task<bool> IsDeadAsync(PostgresServer postgres, string clusterId, int siloPort)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM orleans_membership WHERE deployment_id = @id AND port = @port AND status = 6", connection);
        command.Parameters.AddWithValue("id", clusterId);
        command.Parameters.AddWithValue("port", siloPort);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }
}
