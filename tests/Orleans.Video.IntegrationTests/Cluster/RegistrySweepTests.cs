using System.Net;
using Orleans.Runtime;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Cluster;

/// <summary>The camera planner's sweep asks every camera to run; it must never hold up the registry's calls.</summary>
public sealed class RegistrySweepTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_registry_answers_while_the_planners_sweep_waits_on_a_silo_that_stopped_answering()
    {
        await using var cluster = await SiloCluster.StartAsync();
        // Failure detection slowed down, so that the frozen silo stays a member (and is waited on) for half a minute.
        var settings = new Dictionary<string, string>
        {
            ["Cameras__Rebalance"] = "false",
            ["Silo__Membership__ProbeTimeout"] = "00:00:10",
            ["Silo__Membership__NumMissedProbesLimit"] = "3",
        };
        // Three silos: one to freeze that hosts neither the registry nor the planner, wherever they were placed.
        for (var i = 0; i < 3; i++)
        {
            await cluster.AddSiloAsync(settings: settings);
        }
        var ids = Enumerable.Range(0, 6).Select(i => $"sweep-{i}").ToArray();
        foreach (var id in ids)
        {
            await cluster.AddCameraAsync(id, fps: 1);
        }
        var cameras = await Eventually.ValueAsync(cluster.CamerasAsync, list => list.Length == ids.Length && list.All(c => c.GetProperty("state").GetString() == "Running"),
            Settle, "six cameras running");
        var video = await cluster.ConnectClientAsync();
        var statistics = await cluster.ClusterClient(video).GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        SiloProcess HostOf(string grainType) =>
            cluster.Silos.Single(s => s.SiloPort == statistics.Single(g => g.GrainId.Type.ToString() == grainType).SiloAddress.Endpoint.Port);
        var registrySilo = HostOf("cameraregistry");
        var plannerSilo = HostOf("cameraplanner");
        var frozen = cluster.Silos.First(s => s != registrySilo && s != plannerSilo);
        string Host(System.Text.Json.JsonElement camera) => camera.GetProperty("host").GetString()!;
        var elsewhere = cameras.Where(c => !frozen.Hosts(Host(c))).Select(c => c.GetProperty("id").GetString()!).ToList();
        Assert.Contains(cameras, c => frozen.Hosts(Host(c)));
        Assert.True(elsewhere.Count >= 2, $"cameras should spread over the silos: {string.Join(", ", cameras.Select(Host))}");

        var started = await cluster.SweepsAsync("started", [plannerSilo]);
        Signals.Stop(frozen.ProcessId);
        try
        {
            // A sweep has started since, and waits on the frozen silo's cameras: it does not complete.
            await Eventually.ValueAsync(() => cluster.SweepsAsync("started", [plannerSilo]), count => count > started, Settle, "a sweep after the freeze");
            var completed = await cluster.SweepsAsync("completed", [plannerSilo]);
            using var http = SiloProcess.CreateHttpClient();
            http.Timeout = TimeSpan.FromSeconds(90);
            var status = await http.GetAsync($"{registrySilo.BaseUrl}/api/cameras/{elsewhere[0]}");
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"{registrySilo.BaseUrl}/api/cameras/sweep-never-added")).StatusCode);
            using var removed = await http.DeleteAsync($"{registrySilo.BaseUrl}/api/cameras/{elsewhere[1]}");
            Assert.True(removed.StatusCode == HttpStatusCode.NoContent,
                $"{removed.StatusCode}: {await removed.Content.ReadAsStringAsync()}\n{string.Join('\n', registrySilo.Output.Split('\n').TakeLast(30))}");
            // All of it answered while the frozen silo was still a member, and the sweep still waited on it: nothing
            // waited for the sweep to give up.
            Assert.Equal(SiloStatus.Active, await cluster.MembershipStatusAsync(frozen));
            Assert.Equal(completed, await cluster.SweepsAsync("completed", [plannerSilo]));
        }
        finally
        {
            Signals.Continue(frozen.ProcessId);
        }
    }
}
