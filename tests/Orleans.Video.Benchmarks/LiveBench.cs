using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orleans.Video.TestSupport;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// <c>./bench.sh --live</c>: how late live video is in a browser. A loopback camera (ffmpeg, 1280x720 H.264 at
/// 25 fps, MPEG-TS over TCP) stamps each frame with the wall clock as it makes it (24 black or white blocks:
/// the time in ms, modulo 2^24); a silo process decodes, analyses and remuxes it; headless Chromium plays the
/// live view (WebSocket, Media Source Extensions) and reads the stamp back from every frame it presents
/// (requestVideoFrameCallback). Latency = presentation time − stamp: encoding, the network hop, the silo, the
/// browser's buffer and decoder, all of it. Same machine, so one clock.
/// </summary>
public static class LiveBench
{
    public static async Task<string> RunAsync(BenchSettings settings)
    {
        var window = settings.Quick ? TimeSpan.FromSeconds(15) : TimeSpan.FromSeconds(45);
        await using var postgres = new PostgresServer();
        await postgres.InitializeAsync();
        var port = LoopbackPorts.Free();
        using var camera = StampedCamera(port, window + TimeSpan.FromMinutes(2));
        await using var silo = new SiloProcess(postgres.ConnectionString, new Dictionary<string, string>
        {
            ["Inference__Models__shapes__Builtin"] = "bright-object",
            ["Inference__Models__shapes__InputWidth"] = "640",
            ["Inference__Models__shapes__InputHeight"] = "384",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        using var http = SiloProcess.CreateHttpClient();
        await silo.WaitUntilReadyAsync(http, TimeSpan.FromSeconds(90));
        using (var added = await http.PostAsJsonAsync($"{silo.BaseUrl}/api/cameras",
            new { id = "live-bench", source = $"tcp://127.0.0.1:{port}", fps = 5, model = "shapes" }))
        {
            added.EnsureSuccessStatusCode();
        }
        await Eventually.UntilAsync(async () =>
            (await http.GetFromJsonAsync<JsonElement>($"{silo.BaseUrl}/api/cameras/live-bench")).GetProperty("state").GetString() == "Running",
            TimeSpan.FromSeconds(60), "the stamped camera running");

        var result = await MeasureInChromiumAsync(silo.BaseUrl, window);
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"Live video latency, source to screen: a 1280x720 H.264 camera at 25 fps on loopback, one silo process, headless Chromium, {window.TotalSeconds:0} s measured; {Environment.ProcessorCount} cores");
        table.AppendLine();
        table.AppendLine("| frames presented | p50 | p90 | p99 | max |");
        table.AppendLine("|---|---|---|---|---|");
        table.AppendLine(CultureInfo.InvariantCulture,
            $"| {result.Count} | {Percentile(result, 50):0} ms | {Percentile(result, 90):0} ms | {Percentile(result, 99):0} ms | {result.Max():0} ms |");
        return table.ToString();
    }

    /// <summary>
    /// A camera that listens on loopback and stamps every frame: the filter graph sets each frame's time to the
    /// wall clock (ms) as it is made, draws bit i of that time as block i, then numbers frames normally again.
    /// </summary>
    private static Process StampedCamera(int port, TimeSpan duration)
    {
        var blocks = string.Concat(Enumerable.Range(0, 24).Select(i =>
            $",drawbox=x={i * 40}:y=0:w=40:h=40:color=white:t=fill:enable='mod(floor(t*1000/pow(2\\,{i}))\\,2)'"));
        var filter = $"settb=1/1000,setpts='floor(RTCTIME/1000)',drawbox=x=0:y=0:w=960:h=40:color=black:t=fill{blocks},setpts=N*40";
        var info = new ProcessStartInfo("ffmpeg")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            // Only errors, and the one that always comes (the silo hangs up at the end) is not news.
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=25",
            "-vf", filter, "-t", duration.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-pix_fmt", "yuv420p",
            "-f", "mpegts", $"tcp://127.0.0.1:{port}?listen=1",
        })
        {
            info.ArgumentList.Add(argument);
        }
        return Process.Start(info)!;
    }

    /// <summary>Runs live-latency.mjs; returns the latency of every frame Chromium presented, in ms.</summary>
    private static async Task<List<double>> MeasureInChromiumAsync(string baseUrl, TimeSpan window)
    {
        var info = BrowserScript.Node("live-latency.mjs", baseUrl);
        info.Environment["CAMERA"] = "live-bench";
        info.Environment["SECONDS"] = window.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        using var node = Process.Start(info)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(window + TimeSpan.FromMinutes(2));
        await node.WaitForExitAsync(deadline.Token);
        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"live-latency.mjs exited with {node.ExitCode}:\n{await output}\n{await errors}");
        }
        var last = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        return JsonSerializer.Deserialize<List<double>>(last)!;
    }

    private static double Percentile(List<double> values, int percent)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
