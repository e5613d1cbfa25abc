using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Runtime;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Cluster;

/// <summary>
/// Busy is not dead: a silo whose core is saturated for a minute (its cameras' decoders and inference, and busy loops
/// beside them) stays a member with the product's failure detection settings, while a killed one is still declared dead.
/// </summary>
public sealed class BusySiloTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Pegged = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_silo_at_full_cpu_for_a_minute_stays_a_member_and_a_killed_one_is_declared_dead()
    {
        await using var cluster = await SiloCluster.StartAsync();
        var noRebalancing = new Dictionary<string, string> { ["Cameras__Rebalance"] = "false" };
        var busy = await cluster.AddSiloAsync(settings: noRebalancing);
        // The busy silo's cameras decode and detect at 25 fps, started while it is alone so that they run on it.
        for (var i = 0; i < 3; i++)
        {
            await cluster.AddCameraAsync($"busy-{i}", fps: 25);
        }
        await Eventually.ValueAsync(cluster.CamerasAsync, list => list.Length == 3 && list.All(c => c.GetProperty("state").GetString() == "Running"),
            Settle, "three cameras running on the first silo");
        var watcher = await cluster.AddSiloAsync(settings: noRebalancing);

        // One core for the busy silo, its ffmpeg children and four busy loops; another (if there is one) for the watcher.
        Pin(busy.ProcessId, 0);
        Pin(watcher.ProcessId, Environment.ProcessorCount - 1);
        var loops = Enumerable.Range(0, 4).Select(_ => Process.Start(new ProcessStartInfo("taskset", ["-c", "0", "sh", "-c", "while :; do :; done"]))!).ToList();
        var statuses = new List<SiloStatus>();
        long[] processedAtStart, processedAtEnd;
        try
        {
            processedAtStart = await ProcessedSeenFromAsync(watcher);
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < Pegged)
            {
                statuses.Add(await cluster.MembershipStatusAsync(busy));
                await Task.Delay(500);
            }
            processedAtEnd = await ProcessedSeenFromAsync(watcher);
        }
        finally
        {
            foreach (var loop in loops)
            {
                loop.Kill();
                loop.Dispose();
            }
        }
        // Alive, not merely undeclared: at the minute's end the pegged silo still answered the other silo's calls (the
        // connection its probes use), and its cameras had analysed frames meanwhile (a count that changed: a camera
        // whose run restarted counts from 0 again).
        Assert.True(processedAtStart.Zip(processedAtEnd).Any(p => p.First != p.Second),
            $"the busy silo's cameras had processed {string.Join(", ", processedAtStart)} frames before the minute and {string.Join(", ", processedAtEnd)} after it, as the other silo saw");
        Assert.All(statuses, status => Assert.Equal(SiloStatus.Active, status));
        Assert.Equal(SiloStatus.Active, await cluster.MembershipStatusAsync(watcher));
        Assert.True(busy.HasExited is false, "the busy silo exited");
        Assert.Equal(3, (await cluster.CamerasAsync()).Count(c => busy.Hosts(c.GetProperty("host").GetString())));

        busy.Kill();
        await Eventually.ValueAsync(() => cluster.MembershipStatusAsync(busy), status => status == SiloStatus.Dead, Settle, "the killed silo declared dead");
    }

    /// <summary>The frames each of the busy silo's cameras has processed in its current run, asked of their grains through <paramref name="silo"/>'s API.</summary>
    private static async Task<long[]> ProcessedSeenFromAsync(SiloProcess silo)
    {
        using var http = SiloProcess.CreateHttpClient();
        http.Timeout = TimeSpan.FromSeconds(60); // a saturated core answers late; a hang fails here, not in CI's limit
        var processed = new long[3];
        for (var i = 0; i < processed.Length; i++)
        {
            var camera = await http.GetFromJsonAsync<JsonElement>($"{silo.BaseUrl}/api/cameras/busy-{i}");
            processed[i] = camera.GetProperty("framesProcessed").GetInt64();
        }
        return processed;
    }

    /// <summary>Pins every thread of a process and of its running children (ffmpeg), and what they start from now on, to one core.</summary>
    private static void Pin(int processId, int core)
    {
        var children = Directory.GetDirectories($"/proc/{processId}/task")
            .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(child => int.Parse(child, System.Globalization.CultureInfo.InvariantCulture));
        foreach (var child in children)
        {
            PinOne(child, core); // one that just exited cannot be pinned, and need not be
        }
        Assert.Equal(0, PinOne(processId, core));
    }

    private static int PinOne(int processId, int core)
    {
        using var taskset = Process.Start(new ProcessStartInfo("taskset", ["-a", "-p", "-c", core.ToString(System.Globalization.CultureInfo.InvariantCulture), processId.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        taskset.WaitForExit();
        return taskset.ExitCode;
    }
}
