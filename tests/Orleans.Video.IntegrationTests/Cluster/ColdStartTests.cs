using System.Text.Json;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Cluster;

/// <summary>A full restart of a cluster whose cameras are registered: the silos that start together share them from the start.</summary>
public sealed class ColdStartTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task After_a_full_restart_no_silo_ever_runs_more_than_its_share_plus_one_camera()
    {
        const int Cameras = 9, Silos = 3;
        const int Bound = (Cameras + Silos - 1) / Silos + 1;
        await using var cluster = await SiloCluster.StartAsync();
        var before = await cluster.AddSilosAsync(Silos);
        var ids = Enumerable.Range(0, Cameras).Select(i => $"cold-{i}").ToArray();
        foreach (var id in ids)
        {
            await cluster.AddCameraAsync(id, fps: 2);
        }
        await Eventually.ValueAsync(cluster.CamerasAsync, list => list.Count(c => State(c) == "Running") == Cameras, Settle, "every camera running");

        // The whole cluster goes down (an operator's restart: the silos leave), then three new silos start together.
        await Task.WhenAll(before.Select(silo => silo.StopAsync(TimeSpan.FromSeconds(60))));
        var silos = await cluster.AddSilosAsync(Silos);

        var deadline = DateTime.UtcNow + Settle;
        var peaks = new int[Silos];
        JsonElement[] cameras;
        do
        {
            cameras = await cluster.CamerasAsync();
            var running = cameras.Where(c => State(c) == "Running").Select(Host).ToList();
            for (var k = 0; k < Silos; k++)
            {
                peaks[k] = Math.Max(peaks[k], running.Count(silos[k].Hosts));
            }
            Assert.True(peaks.Max() <= Bound, $"a silo ran {peaks.Max()} cameras, over ⌈{Cameras}/{Silos}⌉ + 1 = {Bound} ({string.Join(", ", peaks)})");
            if (running.Count == Cameras && silos.All(silo => running.Any(silo.Hosts)))
            {
                return;
            }
            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"not every camera ran on the three silos within {Settle.TotalSeconds} s: {string.Join(", ", cameras.Select(c => $"{c.GetProperty("id")}={State(c)}@{Host(c)}"))}");
    }

    private static string State(JsonElement camera) => camera.GetProperty("state").GetString()!;

    private static string? Host(JsonElement camera) => camera.GetProperty("host").GetString();
}
