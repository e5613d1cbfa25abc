using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Npgsql;
using Orleans.Runtime;
using Orleans.Video.TestSupport;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// <c>./bench.sh --soak MINUTES</c>: run.sh's demo on one silo process for a long time, with what production adds:
/// viewers that come and go (live video, live detections and live events, opened and closed in bursts) and a job
/// every few minutes. Every minute it samples the silo's memory (and how much of it glibc's malloc holds), file
/// handles and threads, the cluster's grain activations, PostgreSQL's table sizes and the frames the cameras dropped,
/// and at the end reports each one's slope an hour (least squares over the samples after the first quarter, which is
/// warm-up): a leak is a slope above noise.
/// </summary>
public static class SoakBench
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan JobEvery = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ViewerBurstEvery = TimeSpan.FromSeconds(10);

    private sealed record Sample(double Minutes, double RssMb, double MallocMb, int Handles, int Threads, int Activations, double TablesMb, long Dropped, long Processed, int LogLines);

    public static async Task<string> RunAsync(int minutes)
    {
        await using var postgres = new PostgresServer();
        await postgres.InitializeAsync();
        var output = Path.Combine(SiloProcess.RepositoryRoot(), ".bench");
        var clips = Directory.CreateDirectory(Path.Combine(output, "clips")).FullName;
        var demo = await DemoCameras.ClipsAsync(clips);
        var media = Directory.CreateTempSubdirectory("bench-soak-media-").FullName;
        try
        {
            // The silo logs at its default level, as run.sh's does: the log's growth is one of the measures (issue 34: an
            // hour of the demo under 200 lines).
            var settings = DemoCameras.SiloSettings(media);
            settings["Logging__LogLevel__Default"] = "Information";
            await using var cluster = await BenchCluster.StartAsync(postgres, clips, 1, settings: settings);
            var silo = cluster.Silos[0];
            var cameras = await DemoCameras.AddAsync(cluster.Video, demo);
            using var http = SiloProcess.CreateHttpClient();
            Bench.Log($"soak: {string.Join(", ", cameras)} on one silo for {minutes} min; viewers every {ViewerBurstEvery.TotalSeconds:0} s, a job every {JobEvery.TotalMinutes:0} min");

            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
            var viewers = ChurnViewersAsync(silo.BaseUrl, cameras, stop.Token);
            var jobs = SubmitJobsAsync(http, silo.BaseUrl, Path.Combine(demo, "shapes.mp4"), stop.Token);
            var samples = new List<Sample>();
            var clock = Stopwatch.StartNew();
            while (!stop.IsCancellationRequested)
            {
                samples.Add(await SampleAsync(cluster, silo, http, postgres, cameras, clock.Elapsed));
                Bench.Log($"soak: {Describe(samples[^1])}");
                try
                {
                    await Task.Delay(SampleEvery, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    samples.Add(await SampleAsync(cluster, silo, http, postgres, cameras, clock.Elapsed));
                }
            }
            var (opened, failed) = await viewers;
            var submitted = await jobs;
            var log = silo.Output;
            return Report(minutes, samples, opened, failed, submitted, Categories(log, warningsOnly: true), Categories(log, warningsOnly: false));
        }
        finally
        {
            Directory.Delete(media, recursive: true);
        }
    }

    /// <summary>Every 10 s a burst: for each camera, its live video, live detections and live events opened, read for 3 s, closed.</summary>
    private static async Task<(int Opened, int Failed)> ChurnViewersAsync(string baseUrl, IReadOnlyList<string> cameras, CancellationToken stop)
    {
        int opened = 0, failed = 0;
        using var http = SiloProcess.CreateHttpClient();
        http.Timeout = Timeout.InfiniteTimeSpan;
        while (!stop.IsCancellationRequested)
        {
            var burst = cameras.SelectMany(id => new[]
            {
                ViewAsync(() => VideoAsync(baseUrl, id)),
                ViewAsync(() => EventStreamAsync(http, $"{baseUrl}/api/cameras/{id}/live")),
                ViewAsync(() => EventStreamAsync(http, $"{baseUrl}/api/cameras/{id}/events/live")),
            });
            foreach (var ok in await Task.WhenAll(burst))
            {
                opened++;
                failed += ok ? 0 : 1;
            }
            try
            {
                await Task.Delay(ViewerBurstEvery, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return (opened, failed);

        static async Task<bool> ViewAsync(Func<Task> view)
        {
            try
            {
                await view();
                return true;
            }
            catch (Exception e) when (e is HttpRequestException or WebSocketException or IOException or OperationCanceledException)
            {
                return false;
            }
        }
    }

    private static async Task VideoAsync(string baseUrl, string camera)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("X-Api-Key", SiloProcess.ApiKey);
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        await socket.ConnectAsync(new Uri($"{baseUrl.Replace("http", "ws", StringComparison.Ordinal)}/api/cameras/{camera}/video"), CancellationToken.None);
        var buffer = new byte[1 << 16];
        try
        {
            while (!watching.IsCancellationRequested)
            {
                await socket.ReceiveAsync(buffer, watching.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Watched long enough; a cancelled receive aborts the socket, as a closed tab does.
        }
    }

    private static async Task EventStreamAsync(HttpClient http, string url)
    {
        using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(CancellationToken.None);
        var buffer = new byte[4096];
        try
        {
            while (await body.ReadAsync(buffer, watching.Token) > 0)
            {
            }
        }
        catch (OperationCanceledException)
        {
            // Watched long enough.
        }
    }

    /// <summary>Every 5 minutes the shapes clip as a job, removed once it has ended (its results with it).</summary>
    private static async Task<int> SubmitJobsAsync(HttpClient http, string baseUrl, string clip, CancellationToken stop)
    {
        var submitted = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await http.PostAsJsonAsync($"{baseUrl}/api/jobs", new { source = clip, model = "shapes" }, stop);
                response.EnsureSuccessStatusCode();
                submitted++;
                var id = (await response.Content.ReadFromJsonAsync<JsonElement>(stop)).GetProperty("id").GetString();
                while ((await http.GetFromJsonAsync<JsonElement>($"{baseUrl}/api/jobs/{id}", stop)).GetProperty("state").GetString() is "Queued" or "Running")
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), stop);
                }
                (await http.DeleteAsync($"{baseUrl}/api/jobs/{id}", stop)).Dispose();
                await Task.Delay(JobEvery, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return submitted;
    }

    private static async Task<Sample> SampleAsync(BenchCluster cluster, SiloProcess silo, HttpClient http, PostgresServer postgres, IReadOnlyList<string> cameras, TimeSpan at)
    {
        var status = File.ReadAllLines($"/proc/{silo.ProcessId}/status");
        double Field(string name) => double.Parse(status.First(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        var handles = Directory.GetFiles($"/proc/{silo.ProcessId}/fd").Length;
        var statistics = await cluster.Orleans.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var sizes = new NpgsqlCommand("SELECT coalesce(sum(pg_total_relation_size(relid)), 0) FROM pg_stat_user_tables", connection);
        var tables = Convert.ToDouble(await sizes.ExecuteScalarAsync(), CultureInfo.InvariantCulture) / (1024 * 1024);
        long dropped = 0, processed = 0;
        foreach (var id in cameras)
        {
            var camera = await http.GetFromJsonAsync<JsonElement>($"{silo.BaseUrl}/api/cameras/{id}");
            dropped += camera.GetProperty("framesDropped").GetInt64();
            processed += camera.GetProperty("framesProcessed").GetInt64();
        }
        var logLines = silo.Output.Count(c => c == '\n');
        return new Sample(at.TotalMinutes, Field("VmRSS") / 1024, MallocHeap.ResidentMegabytes(silo.ProcessId), handles, (int)Field("Threads"), statistics.Sum(s => s.ActivationCount), tables, dropped, processed, logLines);
    }

    private static string Describe(Sample s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.Minutes:0.0} min: RSS {s.RssMb:0} MB (malloc {s.MallocMb:0} MB), {s.Handles} handles, {s.Threads} threads, {s.Activations} activations, tables {s.TablesMb:0.0} MB, {s.Dropped} of {s.Dropped + s.Processed} frames dropped, {s.LogLines} log lines");

    /// <summary>The silo's log entries ("HH:mm:ss.fff info: Category[id]") by level and category, most frequent first.</summary>
    private static List<(string Line, int Count)> Categories(string log, bool warningsOnly) =>
    [
        .. log.Split('\n')
            .Select(line => line.Split(' ', 3))
            .Where(parts => parts.Length == 3 && (parts[1] is "warn:" or "fail:" or "crit:" || (!warningsOnly && parts[1] is "info:" or "dbug:" or "trce:")))
            .GroupBy(parts => $"{parts[1]} {parts[2].Trim()}")
            .Select(group => (group.Key, group.Count()))
            .OrderByDescending(group => group.Item2),
    ];

    private static string Report(int minutes, List<Sample> samples, int opened, int failed, int jobs, List<(string Line, int Count)> warnings, List<(string Line, int Count)> entries)
    {
        // The first quarter is warm-up (caches, JIT, the first hour's buckets): slopes are read over the rest.
        var steady = samples.Where(s => s.Minutes >= minutes / 4.0).ToList();
        if (steady.Count < 2)
        {
            steady = samples;
        }
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"## Soak: run.sh's demo for {minutes} min, {samples.Count} samples");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"{opened} viewer streams opened and closed ({failed} failed), {jobs} jobs, {warnings.Sum(w => w.Count)} warning or error lines in the silo's log.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Slopes are least squares over minutes {steady[0].Minutes:0}–{steady[^1].Minutes:0}.");
        report.AppendLine();
        report.AppendLine("| measure | first | last | slope an hour | target |");
        report.AppendLine("|---|---:|---:|---:|---|");
        Row("silo RSS (MB)", s => s.RssMb, "under 10 MB an hour");
        Row("of it glibc's malloc arenas (MB)", s => s.MallocMb, "flat");
        Row("file handles", s => s.Handles, "flat");
        Row("threads", s => s.Threads, "flat");
        Row("grain activations", s => s.Activations, "flat");
        Row("PostgreSQL tables (MB)", s => s.TablesMb, "what retention allows");
        Row("frames dropped (total)", s => s.Dropped, "flat");
        Row("silo log lines (total)", s => s.LogLines, "under 200 an hour");
        if (warnings.Count > 0)
        {
            report.AppendLine();
            report.AppendLine("The silo's warnings and errors, by category:");
            report.AppendLine();
            warnings.Take(10).ToList().ForEach(w => report.AppendLine(CultureInfo.InvariantCulture, $"- {w.Count} × `{w.Line}`"));
        }
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"The silo's log: {samples[^1].LogLines} lines, {entries.Sum(e => e.Count)} entries; the most frequent:");
        report.AppendLine();
        entries.Take(10).ToList().ForEach(e => report.AppendLine(CultureInfo.InvariantCulture, $"- {e.Count} × `{e.Line}`"));
        return report.ToString();

        void Row(string name, Func<Sample, double> value, string target) => report.AppendLine(CultureInfo.InvariantCulture,
            $"| {name} | {value(samples[0]):0.#} | {value(samples[^1]):0.#} | {SlopePerHour(steady, value):+0.##;-0.##;0} | {target} |");
    }

    private static double SlopePerHour(List<Sample> samples, Func<Sample, double> value)
    {
        var meanX = samples.Average(s => s.Minutes);
        var meanY = samples.Average(value);
        var spread = samples.Sum(s => (s.Minutes - meanX) * (s.Minutes - meanX));
        return spread == 0 ? 0 : samples.Sum(s => (s.Minutes - meanX) * (value(s) - meanY)) / spread * 60;
    }
}
