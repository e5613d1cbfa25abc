using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Orleans.Runtime;
using Orleans.Video.Client;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Cluster;

/// <summary>Silo processes through what production does to them: a database outage, crashes, a rollout's SIGTERM.</summary>
public sealed class ResilienceTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Cameras_resume_storing_after_PostgreSQL_stops_and_starts_without_a_silo_restart()
    {
        await using var cluster = await SiloCluster.StartAsync();
        var silo = await cluster.AddSiloAsync();
        await cluster.AddCameraAsync("outage");
        var before = await Eventually.ValueAsync(() => cluster.SequencesAsync("outage"), s => s.Length >= 3, Settle, "stored detections");

        await cluster.Postgres.StopAsync();
        // Degraded, not unready: the silo stays behind its Service and serves what needs no database.
        await Eventually.ValueAsync(() => ReadinessAsync(cluster, silo), r => r is (HttpStatusCode.OK, var body) && body.StartsWith("Degraded", StringComparison.Ordinal) && body.Contains("PostgreSQL", StringComparison.Ordinal),
            Settle, "the silo to report itself degraded while PostgreSQL is down");
        await cluster.Postgres.StartAgainAsync();
        await Eventually.ValueAsync(() => ReadinessAsync(cluster, silo), r => r is (HttpStatusCode.OK, "Healthy"), Settle, "the silo healthy again");

        var after = await Eventually.ValueAsync(() => cluster.SequencesAsync("outage"), s => s.Max() > before.Max(), Settle,
            "detections stored again");
        Assert.False(silo.HasExited, silo.Output);
        Assert.Subset(after.ToHashSet(), before.ToHashSet());
        Assert.Equal(after.Length, after.Distinct().Count());
    }

    [Fact]
    public async Task Events_open_when_their_silo_is_killed_end_once_and_keep_their_snapshots()
    {
        await using var cluster = await SiloCluster.StartAsync();
        await cluster.AddSiloAsync();
        await cluster.AddSiloAsync();
        var video = await cluster.ConnectClientAsync();
        await video.AddCameraAsync("crash", new CameraConfig(cluster.Clips.MovingBox, 5, "shapes", Loop: true, MotionGate: false, [TestClips.WholeFrame]));
        var open = await Eventually.ValueAsync(() => EventsAsync(video, "crash"), e => e.Any(x => x.End is null && x.HasSnapshot), Settle,
            "an open event with its snapshot");
        var host = (await video.GetCameraAsync("crash"))!.Host;
        var victim = cluster.Silos.Single(s => s.Hosts(host));

        victim.Kill();

        await Eventually.ValueAsync(() => video.GetCameraAsync("crash"), s => s is { State: CameraState.Running } && !victim.Hosts(s.Host), Settle,
            "the camera running on the survivor");
        var wasOpen = open.Where(e => e.End is null).ToList();
        var events = await Eventually.ValueAsync(() => EventsAsync(video, "crash"),
            e => wasOpen.All(o => e.Any(x => x.Id == o.Id && x.End is not null)), Settle, "the events open at the crash to end");
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        foreach (var ended in events.Where(e => wasOpen.Any(o => o.Id == e.Id)))
        {
            // It ended where it was last seen before the crash, not when the camera came back.
            Assert.True(ended.End <= ended.LastSeen, $"{ended.Id} ended at {ended.End:O}, last seen {ended.LastSeen:O}");
        }
        var snapshot = await video.GetEventSnapshotAsync("crash", wasOpen.First(e => e.HasSnapshot).Id);
        Assert.NotNull(snapshot);
        Assert.Equal([0xFF, 0xD8], snapshot.Take(2));
    }

    [Fact]
    public async Task Killing_the_silo_that_hosts_the_camera_registry_loses_no_camera()
    {
        await using var cluster = await SiloCluster.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await cluster.AddSiloAsync();
        }
        string[] ids = ["reg-0", "reg-1", "reg-2"];
        foreach (var id in ids)
        {
            await cluster.AddCameraAsync(id);
        }
        var video = await cluster.ConnectClientAsync();
        await Eventually.ValueAsync(video.ListCamerasAsync, list => list.Count == 3 && list.All(s => s.State == CameraState.Running), Settle,
            "three cameras running");
        var management = cluster.ClusterClient(video).GetGrain<IManagementGrain>(0);
        var registryHost = await management.GetActivationAddress(cluster.ClusterClient(video).GetGrain<ICameraRegistryGrain>(ICameraRegistryGrain.Key));
        Assert.NotNull(registryHost);
        var victim = cluster.Silos.Single(s => s.SiloPort == registryHost.Endpoint.Port);

        victim.Kill();

        // The registry comes back on a survivor from its stored list, and it still takes new cameras.
        await Eventually.ValueAsync(video.ListCamerasAsync,
            list => list.Count == 3 && list.All(s => s.State == CameraState.Running && !victim.Hosts(s.Host)), Settle,
            "every camera listed and running on a survivor");
        await cluster.AddCameraAsync("reg-3");
        var after = await Eventually.ValueAsync(video.ListCamerasAsync, list => list.Count == 4 && list.All(s => s.State == CameraState.Running),
            Settle, "the camera added after the crash running too");
        Assert.Equal(["reg-0", "reg-1", "reg-2", "reg-3"], after.Select(s => s.Id).Order());
    }

    [Fact]
    public async Task A_silo_stopped_with_SIGTERM_ends_its_open_events_hands_its_cameras_over_and_exits_quietly()
    {
        await using var cluster = await SiloCluster.StartAsync();
        // What the silo says on its way out is an information line: let it through.
        var settings = new Dictionary<string, string> { ["Logging__LogLevel__Orleans.Video.Grains.Cameras.LocalCameras"] = "Information" };
        await cluster.AddSiloAsync(settings: settings);
        await cluster.AddSiloAsync(settings: settings);
        var video = await cluster.ConnectClientAsync();
        string[] ids = ["drain-0", "drain-1", "drain-2", "drain-3"];
        foreach (var id in ids)
        {
            await video.AddCameraAsync(id, new CameraConfig(cluster.Clips.MovingBox, 5, "shapes", Loop: true, MotionGate: false, [TestClips.WholeFrame]));
        }
        var running = await Eventually.ValueAsync(video.ListCamerasAsync,
            list => list.Count == 4 && list.All(s => s is { State: CameraState.Running, FramesProcessed: >= 3 }), Settle, "four cameras running");
        var leaving = cluster.Silos.MaxBy(silo => running.Count(s => silo.Hosts(s.Host)))!;
        var moved = running.Where(s => leaving.Hosts(s.Host)).Select(s => s.Id).ToList();
        Assert.NotEmpty(moved);
        var before = new Dictionary<string, long[]>();
        foreach (var id in ids)
        {
            before[id] = await Eventually.ValueAsync(() => cluster.SequencesAsync(id), s => s.Length > 0, Settle, $"{id} detections");
        }

        // The box is in every camera's zone from the first frame, but an event opens only once its track is confirmed:
        // on a loaded machine that can come after the detections, so wait for one rather than stop before it.
        var open = await Eventually.ValueAsync(async () =>
        {
            var found = new List<string>();
            foreach (var id in moved)
            {
                found.AddRange((await EventsAsync(video, id)).Where(e => e.End is null).Select(e => e.Id));
            }
            return found;
        }, found => found.Count > 0, Settle, "an open event on the leaving silo's cameras");

        await leaving.StopAsync(Settle);

        Assert.Equal(0, leaving.ExitCode);
        Assert.DoesNotContain("No active nodes are compatible", leaving.Output);
        // The silo ended its cameras' open events itself, before it left (not their next start elsewhere), and said so.
        var said = Regex.Match(leaving.Output, @"Silo stopping: stopped (\d+) cameras and ended (\d+) open events");
        Assert.True(said.Success, leaving.Output);
        Assert.Equal(moved.Count, int.Parse(said.Groups[1].Value));
        Assert.True(int.Parse(said.Groups[2].Value) >= 1, said.Value);
        foreach (var id in moved)
        {
            var events = await EventsAsync(video, id);
            Assert.All(events.Where(e => open.Contains(e.Id)), e => Assert.NotNull(e.End));
        }
        await Eventually.ValueAsync(video.ListCamerasAsync,
            list => list.Count == 4 && list.All(s => s.State == CameraState.Running && !leaving.Hosts(s.Host)), Settle,
            "every camera running on the remaining silo");
        foreach (var id in ids)
        {
            var after = await Eventually.ValueAsync(() => cluster.SequencesAsync(id), s => s.Max() > before[id].Max(), Settle, $"new detections of {id}");
            Assert.Subset(after.ToHashSet(), before[id].ToHashSet());
            Assert.Equal(after.Length, after.Distinct().Count());
        }
    }

    [Fact]
    public async Task A_silo_with_open_live_views_still_leaves_gracefully_and_its_viewers_are_let_go()
    {
        await using var cluster = await SiloCluster.StartAsync();
        // A short budget: a silo held by its live views until the budget is spent would show it at once.
        var settings = new Dictionary<string, string>
        {
            ["Silo__ShutdownTimeout"] = "00:00:20",
            ["Logging__LogLevel__Orleans.Video.Grains.Cameras.LocalCameras"] = "Information",
        };
        var first = await cluster.AddSiloAsync(settings: settings);
        await cluster.AddCameraAsync("viewed");
        await cluster.AddSiloAsync(settings: settings);
        var video = await cluster.ConnectClientAsync();
        var status = await Eventually.ValueAsync(() => video.GetCameraAsync("viewed"), s => s is { State: CameraState.Running, FramesProcessed: >= 3 },
            Settle, "the camera running");
        var leaving = cluster.Silos.Single(s => s.Hosts(status!.Host));

        // Two browsers watch the camera's live detections and events through the silo that will leave.
        var opened = new List<Task>();
        var views = new[] { "/api/cameras/viewed/live", "/api/cameras/viewed/events/live" }.Select(path =>
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            opened.Add(open.Task);
            return WatchAsync(cluster.Http, leaving.BaseUrl + path, open);
        }).ToList();
        await Task.WhenAll(opened).WaitAsync(Settle);

        await leaving.StopAsync(Settle);

        Assert.Equal(0, leaving.ExitCode);
        // The silo ended the live views itself, each response complete: not cut when the process went.
        await Task.WhenAll(views);
        Assert.Matches(@"Silo stopping: stopped 1 cameras and ended \d+ open events", leaving.Output);
        Assert.DoesNotContain("did not stop cleanly", leaving.Output);
        await Eventually.ValueAsync(() => video.GetCameraAsync("viewed"), s => s is { State: CameraState.Running } && !leaving.Hosts(s.Host),
            Settle, "the camera running on the other silo");
    }

    [Fact]
    public async Task A_login_made_on_one_silo_opens_the_api_on_another_and_on_a_silo_started_later()
    {
        await using var cluster = await SiloCluster.StartAsync();
        // Each silo its own home, as each container or machine has: ASP.NET's default key folder (~/.aspnet) is then
        // not shared by accident, and only a ring all silos reach can make the login work everywhere.
        var homes = Directory.CreateTempSubdirectory("orleans-video-homes-").FullName;
        Dictionary<string, string> OwnHome() => new() { ["HOME"] = Directory.CreateDirectory(Path.Combine(homes, Guid.NewGuid().ToString("N"))).FullName };
        var first = await cluster.AddSiloAsync(settings: OwnHome());
        var second = await cluster.AddSiloAsync(settings: OwnHome());
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });

        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsJsonAsync($"{first.BaseUrl}/auth/login", new { key = SiloProcess.ApiKey })).StatusCode);

        // The cookie is for 127.0.0.1, whatever the port: the container sends it to every silo here, as a browser
        // behind one load balancer would.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"{second.BaseUrl}/api/cameras")).StatusCode);
        await first.StopAsync(Settle);
        await second.StopAsync(Settle);
        var later = await cluster.AddSiloAsync(settings: OwnHome());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"{later.BaseUrl}/api/cameras")).StatusCode);
        // And without the cookie, still no entry.
        using var anonymous = new HttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"{later.BaseUrl}/api/cameras")).StatusCode);
        await later.StopAsync(Settle);
        Directory.Delete(homes, recursive: true);
    }

    /// <summary>Reads a Server-Sent Events response to its end, as a browser would; throws if the connection is cut.</summary>
    private static async Task WatchAsync(HttpClient http, string url, TaskCompletionSource open)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        open.SetResult();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[4096];
        while (await body.ReadAsync(buffer) > 0)
        {
            // A browser would show the items; here reading them is all.
        }
    }

    /// <summary>The readiness probe's status and body (the overall status, then a line per check that is not healthy).</summary>
    private static async Task<(HttpStatusCode Status, string Body)> ReadinessAsync(SiloCluster cluster, SiloProcess silo)
    {
        try
        {
            using var response = await cluster.Http.GetAsync($"{silo.BaseUrl}/health/ready");
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException)
        {
            return (0, "");
        }
    }

    private static async Task<IReadOnlyList<VideoEvent>> EventsAsync(VideoClient video, string camera) =>
        (await video.QueryEventsAsync(camera, new EventQuery(Limit: 1000))).Items;
}
