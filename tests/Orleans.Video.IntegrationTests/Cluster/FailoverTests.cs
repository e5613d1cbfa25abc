using System.Text.Json;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Cluster;

/// <summary>Real silo processes on loopback: cameras spread, survive a kill -9 of their silo, and spread to a joining silo.</summary>
public sealed class FailoverTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Cameras_of_a_killed_silo_run_again_on_survivors_without_losing_or_repeating_results()
    {
        await using var cluster = await SiloCluster.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await cluster.AddSiloAsync();
        }
        var ids = Enumerable.Range(0, 6).Select(i => $"cam-{i}").ToArray();
        foreach (var id in ids)
        {
            await cluster.AddCameraAsync(id);
        }

        var cameras = await Eventually.ValueAsync(cluster.CamerasAsync,
            list => list.Length == 6 && list.All(c => State(c) == "Running" && c.GetProperty("framesProcessed").GetInt64() >= 3),
            Settle, "six cameras running and processed");
        var hosts = cameras.Select(Host).Distinct().ToList();
        Assert.True(hosts.Count >= 2, $"cameras should spread over silos, all on {hosts[0]}");

        var before = new Dictionary<string, long[]>();
        foreach (var id in ids)
        {
            before[id] = await Eventually.ValueAsync(() => cluster.SequencesAsync(id), s => s.Length > 0, Settle, $"{id} detections");
        }

        var victim = cluster.Silos.MaxBy(silo => cameras.Count(c => silo.Hosts(Host(c))))!;
        var moved = cameras.Where(c => victim.Hosts(Host(c))).Select(c => c.GetProperty("id").GetString()!).ToList();
        victim.Kill();

        // How fast is for the harness to measure; this asserts that they come back, and where.
        await Eventually.ValueAsync(cluster.CamerasAsync,
            list => list.Length == 6 && list.All(c => State(c) == "Running" && !victim.Hosts(Host(c))),
            Settle, $"every camera running on a survivor (moved: {string.Join(", ", moved)})");

        foreach (var id in ids)
        {
            var after = await Eventually.ValueAsync(() => cluster.SequencesAsync(id),
                s => s.Max() > before[id].Max(), Settle, $"new detections of {id}");
            Assert.Subset(after.ToHashSet(), before[id].ToHashSet());
            Assert.Equal(after.Length, after.Distinct().Count());
        }
    }

    [Fact]
    public async Task A_joining_silo_takes_new_cameras_and_with_rebalancing_a_share_of_existing_ones()
    {
        await using var cluster = await SiloCluster.StartAsync();
        var first = await cluster.AddSiloAsync();
        string[] existing = ["old-0", "old-1", "old-2", "old-3"];
        foreach (var id in existing)
        {
            await cluster.AddCameraAsync(id);
        }
        await Eventually.ValueAsync(cluster.CamerasAsync, list => list.Count(c => State(c) == "Running") == 4, Settle, "four running cameras");

        var joined = await cluster.AddSiloAsync();
        await cluster.AddCameraAsync("new-0");
        await cluster.AddCameraAsync("new-1");
        var cameras = await cluster.CamerasAsync();
        Assert.Contains(cameras, c => c.GetProperty("id").GetString()!.StartsWith("new-") && joined.Hosts(Host(c)));

        await Eventually.ValueAsync(cluster.CamerasAsync,
            list => list.Any(c => existing.Contains(c.GetProperty("id").GetString()) && joined.Hosts(Host(c)) && State(c) == "Running"),
            Settle, "an existing camera moved to the joining silo");
        var final = await Eventually.ValueAsync(cluster.CamerasAsync,
            list => list.All(c => State(c) == "Running"), Settle, "all cameras running after the moves");
        Assert.InRange(final.Count(c => first.Hosts(Host(c))), 2, 4);
    }

    private static string State(JsonElement camera) => camera.GetProperty("state").GetString()!;

    private static string? Host(JsonElement camera) => camera.GetProperty("host").GetString();
}
