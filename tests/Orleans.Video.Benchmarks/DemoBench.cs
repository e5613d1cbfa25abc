using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orleans.Video.TestSupport;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// <c>./bench.sh --demo</c>: <c>./run.sh</c>'s demo as a new user sees it, its three cameras on one silo process with
/// PostgreSQL, recording continuously, and the web UI playing their live video in headless Chromium on the same
/// machine. Counts, over a window, the frames the cameras offered to inference and dropped (issue 33: under 5 %),
/// with the browser, without it, and with the HOG <c>people</c> detector on the people camera (the demo before
/// issue 33), each on a fresh silo; and what each process took of the cores meanwhile.
/// </summary>
public static class DemoBench
{
    private sealed record Setting(string Name, string PeopleModel, bool Browser);

    /// <summary>A camera's counters (GET /api/cameras/{id}).</summary>
    private sealed record Counters(long Decoded, long Published, long Processed, long Dropped)
    {
        public long Offered => Processed + Dropped;

        // A decoder that restarts starts its pipeline's counters again: what it counted since is the window's.
        public Counters Since(Counters before) => Decoded < before.Decoded || Dropped < before.Dropped
            ? this
            : new(Decoded - before.Decoded, Published - before.Published, Processed - before.Processed, Dropped - before.Dropped);
    }

    private sealed record Measured(
        Setting Setting,
        double Seconds,
        Dictionary<string, Counters> Cameras,
        TimeSpan SiloOwn,
        TimeSpan Decoders,
        TimeSpan? Chromium,
        TimeSpan Postgres,
        double MachineBusy,
        InferenceCounters Inference,
        IReadOnlyDictionary<string, ChromiumViewer.TilePlayback>? Tiles);

    public static async Task<string> RunAsync(BenchSettings settings)
    {
        var (warmup, window) = settings.Quick ? (TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(60)) : (TimeSpan.FromSeconds(45), TimeSpan.FromMinutes(4));
        Setting[] settingsToRun =
        [
            new($"{DemoCameras.PeopleModel}, no browser", DemoCameras.PeopleModel, Browser: false),
            new($"{DemoCameras.PeopleModel}, web UI in Chromium", DemoCameras.PeopleModel, Browser: true),
            new("people (HOG), web UI in Chromium", "people", Browser: true),
        ];
        await using var postgres = new PostgresServer();
        await postgres.InitializeAsync();
        var clips = Directory.CreateDirectory(Path.Combine(settings.OutputDirectory, "clips")).FullName;
        var demo = await DemoCameras.ClipsAsync(clips);
        var rows = new List<Measured>();
        foreach (var setting in settingsToRun)
        {
            Bench.Log($"demo: {setting.Name}, {warmup.TotalSeconds:0} s warm-up, {window.TotalSeconds:0} s measured");
            var row = await MeasureAsync(postgres, clips, demo, setting, warmup, window);
            Bench.Log($"demo: {setting.Name}: {Summary(row)}");
            rows.Add(row);
        }
        return Report(rows, warmup, window);
    }

    private static async Task<Measured> MeasureAsync(PostgresServer postgres, string clips, string demo, Setting setting, TimeSpan warmup, TimeSpan window)
    {
        var media = Directory.CreateTempSubdirectory("bench-media-").FullName;
        try
        {
            await using var cluster = await BenchCluster.StartAsync(postgres, clips, 1, settings: DemoCameras.SiloSettings(media));
            var silo = cluster.Silos[0];
            using var http = SiloProcess.CreateHttpClient();
            var cameras = await DemoCameras.AddAsync(cluster.Video, demo, setting.PeopleModel);
            await Eventually.UntilAsync(async () => (await StatesAsync(http, silo.BaseUrl, cameras)).All(s => s == "Running"),
                TimeSpan.FromSeconds(60), "the demo cameras running");
            await using var viewer = setting.Browser ? await ChromiumViewer.StartAsync(silo.BaseUrl, cameras) : null;
            await Task.Delay(warmup);

            var machine = new SystemSampler();
            var postgresPid = int.Parse(File.ReadLines(Path.Combine(postgres.DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
            var countersBefore = await CountersAsync(http, silo.BaseUrl, cameras);
            var inferenceBefore = await InferenceCounters.ReadAsync(http, silo.BaseUrl, setting.PeopleModel);
            var siloBefore = ProcessTreeCpu.Of(silo.ProcessId);
            var chromiumBefore = viewer is null ? TimeSpan.Zero : ProcessTreeCpu.Of(viewer.ProcessId).Descendants;
            var postgresBefore = Total(ProcessTreeCpu.Of(postgresPid));
            var clock = Stopwatch.StartNew();
            await Task.Delay(window);
            var seconds = clock.Elapsed.TotalSeconds;
            var siloAfter = ProcessTreeCpu.Of(silo.ProcessId);
            var chromiumAfter = viewer is null ? TimeSpan.Zero : ProcessTreeCpu.Of(viewer.ProcessId).Descendants;
            var postgresAfter = Total(ProcessTreeCpu.Of(postgresPid));
            var busy = machine.CpuPercent();
            var countersAfter = await CountersAsync(http, silo.BaseUrl, cameras);
            var inference = await InferenceCounters.ReadAsync(http, silo.BaseUrl, setting.PeopleModel) - inferenceBefore;
            var tiles = viewer is null ? null : await viewer.StopAsync();

            return new Measured(setting, seconds,
                cameras.ToDictionary(id => id, id => countersAfter[id].Since(countersBefore[id])),
                siloAfter.Own - siloBefore.Own, siloAfter.Descendants - siloBefore.Descendants,
                viewer is null ? null : chromiumAfter - chromiumBefore, postgresAfter - postgresBefore, busy, inference, tiles);
        }
        finally
        {
            Directory.Delete(media, recursive: true);
        }
    }

    private static TimeSpan Total((TimeSpan Own, TimeSpan Descendants) cpu) => cpu.Own + cpu.Descendants;

    private static async Task<string?[]> StatesAsync(HttpClient http, string baseUrl, IReadOnlyList<string> cameras) =>
        await Task.WhenAll(cameras.Select(async id =>
            (await http.GetFromJsonAsync<JsonElement>($"{baseUrl}/api/cameras/{id}")).GetProperty("state").GetString()));

    private static async Task<Dictionary<string, Counters>> CountersAsync(HttpClient http, string baseUrl, IReadOnlyList<string> cameras)
    {
        var counters = new Dictionary<string, Counters>();
        foreach (var id in cameras)
        {
            var status = await http.GetFromJsonAsync<JsonElement>($"{baseUrl}/api/cameras/{id}");
            long Get(string name) => status.GetProperty(name).GetInt64();
            counters[id] = new Counters(Get("framesDecoded"), Get("framesPublished"), Get("framesProcessed"), Get("framesDropped"));
        }
        return counters;
    }

    private static Counters Sum(Measured row) => row.Cameras.Values.Aggregate(new Counters(0, 0, 0, 0),
        (sum, c) => new(sum.Decoded + c.Decoded, sum.Published + c.Published, sum.Processed + c.Processed, sum.Dropped + c.Dropped));

    private static string DropShare(Counters c) => c.Offered == 0 ? "-" : (100.0 * c.Dropped / c.Offered).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static string Cores(TimeSpan cpu, double seconds) => (100 * cpu.TotalSeconds / seconds).ToString("0", CultureInfo.InvariantCulture) + " %";

    private static string Summary(Measured row)
    {
        var all = Sum(row);
        return string.Create(CultureInfo.InvariantCulture, $"{all.Offered} offered, {all.Processed} processed, {all.Dropped} dropped ({DropShare(all)}); silo {Cores(row.SiloOwn, row.Seconds)} + ffmpeg {Cores(row.Decoders, row.Seconds)} of a core");
    }

    private static string Report(List<Measured> rows, TimeSpan warmup, TimeSpan window)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"""
            ./run.sh's demo on {Bench.Machine()}: one silo process and PostgreSQL, the three cameras (demo-shapes 5 fps `shapes`, demo-text 2 fps `text`, demo-people 5 fps as said), recording continuously; each setting on a fresh silo, {warmup.TotalSeconds:0} s of warm-up (the browser playing), then {window.TotalSeconds:0} s measured. Offered = processed + dropped (frames the motion gate kept from the detector are neither). CPU in % of one core over the window: the silo process, its ffmpeg decoders, Chromium (every process under the node that drives it), PostgreSQL; machine: all cores busy (100 % = {Environment.ProcessorCount} cores).

            | setting | offered | processed | dropped | dropped % | silo | ffmpeg | Chromium | PostgreSQL | machine busy | demo-people model: ms a run (runs), ms a frame |
            |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|
            """);
        foreach (var row in rows)
        {
            var all = Sum(row);
            var inference = row.Inference;
            var model = inference.Runs == 0 ? "-" : string.Create(CultureInfo.InvariantCulture,
                $"{1000 * inference.Seconds / inference.Runs:0.0} ({inference.Runs:0}), {1000 * inference.Seconds / Math.Max(1, inference.Frames):0.0}");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Setting.Name} | {all.Offered} | {all.Processed} | {all.Dropped} | {DropShare(all)} | {Cores(row.SiloOwn, row.Seconds)} | {Cores(row.Decoders, row.Seconds)} | {(row.Chromium is { } chromium ? Cores(chromium, row.Seconds) : "-")} | {Cores(row.Postgres, row.Seconds)} | {row.MachineBusy:0} % | {row.Setting.PeopleModel}: {model} |");
        }
        text.AppendLine();
        text.AppendLine("Per camera: processed / offered (dropped %); with the browser, the tile's video frames decoded and dropped by Chromium.");
        text.AppendLine();
        var ids = rows.SelectMany(r => r.Cameras.Keys).Distinct().ToList();
        text.AppendLine($"| setting | {string.Join(" | ", ids)} |");
        text.AppendLine($"|---|{string.Concat(ids.Select(_ => "---|"))}");
        foreach (var row in rows)
        {
            var cells = ids.Select(id =>
            {
                if (!row.Cameras.TryGetValue(id, out var c))
                {
                    return "-";
                }
                var cell = $"{c.Processed} / {c.Offered} ({DropShare(c)})";
                return row.Tiles?.GetValueOrDefault(id) is { } tile ? $"{cell}; video {tile.Decoded} decoded, {tile.Dropped} dropped" : cell;
            });
            text.AppendLine($"| {row.Setting.Name} | {string.Join(" | ", cells)} |");
        }
        return text.ToString();
    }
}
