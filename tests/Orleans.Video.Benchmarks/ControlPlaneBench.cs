using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Orleans.Video.TestSupport;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// <c>./bench.sh --cluster control</c>: the control plane with 1,000 registered cameras on two silos (their sources
/// refuse connections, so they register, sweep and answer but do not decode): adding a camera, a page of the camera
/// list, one camera's status, through the HTTP API while the registry sweeps every camera (p99 against the 300 ms target).
/// </summary>
public static class ControlPlaneBench
{
    public static async Task<string> RunAsync(BenchSettings settings, PostgresServer postgres, string clips)
    {
        var cameras = settings.Quick ? 300 : 1000;
        await using var cluster = await BenchCluster.StartAsync(postgres, clips, 2);
        using var http = SiloProcess.CreateHttpClient();
        var api = cluster.Silos[0].BaseUrl;
        var refused = LoopbackPorts.Free();
        CameraRequest Camera(string id) => new(id, $"rtsp://127.0.0.1:{refused}/{id}", 5, "shapes");

        var adds = new List<double>();
        for (var i = 0; i < cameras; i++)
        {
            adds.Add(await TimeAsync(() => http.PostAsJsonAsync($"{api}/api/cameras", Camera($"cam-{i:0000}"))));
        }
        Bench.Log($"{cameras} cameras registered; adds p50 {Percentile(adds, 0.5):0} ms, p99 {Percentile(adds, 0.99):0} ms");

        // At the full count, with the registry sweeping every camera every 10 s: each call in turn, for a minute (20 s quick).
        var random = new Random(3);
        var timings = new Dictionary<string, List<double>>
        {
            ["add a camera (then remove it)"] = [],
            ["GET /api/cameras?limit=100 (a random page)"] = [],
            ["GET /api/cameras/{id}"] = [],
            ["GET /api/cameras (all, one page of 1000)"] = [],
        };
        var window = Stopwatch.StartNew();
        var extra = 0;
        while (window.Elapsed < (settings.Quick ? TimeSpan.FromSeconds(20) : TimeSpan.FromSeconds(60)))
        {
            var id = $"extra-{extra++:0000}";
            timings["add a camera (then remove it)"].Add(await TimeAsync(() => http.PostAsJsonAsync($"{api}/api/cameras", Camera(id))));
            await http.DeleteAsync($"{api}/api/cameras/{id}");
            var after = $"cam-{random.Next(cameras):0000}";
            timings["GET /api/cameras?limit=100 (a random page)"].Add(await TimeAsync(() => http.GetAsync($"{api}/api/cameras?limit=100&cursor={after}")));
            var one = $"cam-{random.Next(cameras):0000}";
            timings["GET /api/cameras/{id}"].Add(await TimeAsync(() => http.GetAsync($"{api}/api/cameras/{one}")));
            if (extra % 5 == 0)
            {
                timings["GET /api/cameras (all, one page of 1000)"].Add(await TimeAsync(() => http.GetAsync($"{api}/api/cameras")));
            }
        }

        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"""
            The control plane with {cameras} registered cameras on 2 silos (sources refusing connections: registered, swept every 10 s, not decoding), through the HTTP API, {window.Elapsed.TotalSeconds:0} s (target: p99 under 300 ms).

            | call | calls | p50 ms | p99 ms |
            |---|---:|---:|---:|
            | add, while registering the {cameras} | {adds.Count} | {Percentile(adds, 0.5):0.0} | {Percentile(adds, 0.99):0.0} |

            """);
        foreach (var (name, list) in timings)
        {
            table.Append(CultureInfo.InvariantCulture, $"| {name} | {list.Count} | {Percentile(list, 0.5):0.0} | {Percentile(list, 0.99):0.0} |\n");
        }
        return table.ToString();
    }

    private sealed record CameraRequest(string Id, string Source, double Fps, string Model);

    private static async Task<double> TimeAsync(Func<Task<HttpResponseMessage>> call)
    {
        var clock = Stopwatch.StartNew();
        using var response = await call();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        response.EnsureSuccessStatusCode();
        return elapsed;
    }

    private static double Percentile(List<double> values, double p) => PipelineRun.Percentile([.. values.Order()], p);
}
