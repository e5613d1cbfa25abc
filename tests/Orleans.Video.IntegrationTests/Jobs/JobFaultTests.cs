using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Jobs;

/// <summary>
/// Jobs survive what silos go through: a silo killed mid-job (its chunks run again elsewhere) and the whole cluster
/// killed and started again (the job goes on from its completed chunks). Either way the job's detections and events are
/// those of an undisturbed run of the same file: none lost, none twice.
/// </summary>
public sealed class JobFaultTests
{
    private static readonly TimeSpan Finish = TimeSpan.FromSeconds(240);

    [Fact]
    public async Task A_silo_killed_mid_job_loses_no_result_and_doubles_none()
    {
        await using var cluster = await SiloCluster.StartAsync();
        var media = Directory.CreateTempSubdirectory("orleans-video-jobs-faults-").FullName;
        try
        {
            var silos = await cluster.AddSilosAsync(2, JobApiFixture.JobSettings(media));
            var baseline = await ResultsAsync(cluster, await RunToEndAsync(cluster));

            var id = await SubmitAsync(cluster);
            var midway = await Eventually.ValueAsync(() => StatusAsync(cluster, id),
                s => s.GetProperty("chunksDone").GetInt32() >= 5, Finish, "five chunks done");
            Assert.Equal("Running", midway.GetProperty("state").GetString());
            // A silo that holds a chunk now (its ffmpeg is decoding the job's file): its chunk must run again elsewhere.
            var victim = await Eventually.ValueAsync(() => Task.FromResult(DecodingChunk(silos, cluster.Clips.Rounds)), silo => silo is not null, Finish,
                "a silo decoding a chunk");
            victim!.Kill();

            var done = await Eventually.ValueAsync(() => StatusAsync(cluster, id), s => s.GetProperty("state").GetString() != "Running", Finish, "the job to end");
            Assert.Equal("Done", done.GetProperty("state").GetString());
            Assert.Equal(done.GetProperty("framesTotal").GetInt64(), done.GetProperty("framesDone").GetInt64());
            Assert.Equal(baseline, await ResultsAsync(cluster, id));
        }
        finally
        {
            Directory.Delete(media, recursive: true);
        }
    }

    [Fact]
    public async Task A_job_goes_on_from_its_completed_chunks_after_the_cluster_restarts()
    {
        await using var cluster = await SiloCluster.StartAsync();
        var media = Directory.CreateTempSubdirectory("orleans-video-jobs-restart-").FullName;
        try
        {
            var silos = await cluster.AddSilosAsync(2, JobApiFixture.JobSettings(media));
            var baseline = await ResultsAsync(cluster, await RunToEndAsync(cluster));

            var id = await SubmitAsync(cluster);
            var before = await Eventually.ValueAsync(() => StatusAsync(cluster, id),
                s => s.GetProperty("chunksDone").GetInt32() >= 5, Finish, "five chunks done");
            Assert.Equal("Running", before.GetProperty("state").GetString());
            foreach (var silo in silos)
            {
                silo.Kill();
            }

            await cluster.AddSilosAsync(2, JobApiFixture.JobSettings(media));
            var resumed = await StatusAsync(cluster, id);
            Assert.True(resumed.GetProperty("chunksDone").GetInt32() >= before.GetProperty("chunksDone").GetInt32(), "completed chunks are kept");
            var done = await Eventually.ValueAsync(() => StatusAsync(cluster, id), s => s.GetProperty("state").GetString() != "Running", Finish, "the job to end");
            Assert.Equal("Done", done.GetProperty("state").GetString());
            Assert.Equal(baseline, await ResultsAsync(cluster, id));
        }
        finally
        {
            Directory.Delete(media, recursive: true);
        }
    }

    /// <summary>The silo whose child (a chunk's ffmpeg) has the job's file on its command line, or null.</summary>
    private static SiloProcess? DecodingChunk(IEnumerable<SiloProcess> silos, string file)
    {
        using var ffmpeg = RunningProcesses.FindByCommandLine(file);
        return ffmpeg is null ? null : silos.FirstOrDefault(silo => ProcStat.Children(silo.ProcessId).Contains(ffmpeg.Id));
    }

    private static async Task<string> SubmitAsync(SiloCluster cluster)
    {
        var zone = new { name = "left", points = new[] { new { x = 0, y = 0 }, new { x = 320, y = 0 }, new { x = 320, y = 360 }, new { x = 0, y = 360 } } };
        using var response = await cluster.Http.PostAsJsonAsync(cluster.ApiUrl("/api/jobs"), new { source = cluster.Clips.Rounds, model = "shapes", zones = new[] { zone } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<string> RunToEndAsync(SiloCluster cluster)
    {
        var id = await SubmitAsync(cluster);
        var done = await Eventually.ValueAsync(() => StatusAsync(cluster, id), s => s.GetProperty("state").GetString() != "Running" && s.GetProperty("state").GetString() != "Queued", Finish, "the undisturbed job to end");
        Assert.Equal("Done", done.GetProperty("state").GetString());
        return id;
    }

    private static async Task<JsonElement> StatusAsync(SiloCluster cluster, string id) =>
        await cluster.Http.GetFromJsonAsync<JsonElement>(cluster.ApiUrl($"/api/jobs/{id}"));

    /// <summary>The job's detections and events, exported, as comparable text.</summary>
    private static async Task<(string Detections, string Events)> ResultsAsync(SiloCluster cluster, string id)
    {
        var detections = await cluster.Http.GetStringAsync(cluster.ApiUrl($"/api/jobs/{id}/detections?format=csv"));
        var events = await cluster.Http.GetStringAsync(cluster.ApiUrl($"/api/jobs/{id}/events?format=csv"));
        // 120 s with the square shown 10 s of every 12: about 2,500 frames with a detection, ten objects.
        Assert.InRange(detections.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1, 2300, 2600);
        Assert.Equal(20, events.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);
        return (detections, events);
    }
}
