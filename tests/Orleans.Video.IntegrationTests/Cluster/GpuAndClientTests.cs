using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Cluster;

/// <summary>Inference placement across processes, and a client SDK that outlives the gateway it was using.</summary>
public sealed class GpuAndClientTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Inference_runs_only_on_the_gpu_silo_and_the_client_survives_losing_its_gateway()
    {
        await using var cluster = await SiloCluster.StartAsync();
        var cpu = await cluster.AddSiloAsync(gpu: false);
        // Connected while the CPU silo is the only gateway in the membership table.
        var video = await cluster.ConnectClientAsync();
        var gpu = await cluster.AddSiloAsync(gpu: true);

        string[] ids = ["g-0", "g-1", "g-2", "g-3"];
        foreach (var id in ids)
        {
            await video.AddCameraAsync(id, new CameraConfig(cluster.Clips.MovingBox, 5, "shapes"));
        }
        var statuses = await Eventually.ValueAsync(video.ListCamerasAsync,
            list => list.All(s => s is { State: CameraState.Running, FramesProcessed: >= 3 }), Settle, "cameras running");

        var client = cluster.ClusterClient(video);
        var inference = await Task.WhenAll(ids.Select(id => client.GetGrain<IInferenceGrain>(id).GetStatsAsync()));
        Assert.All(inference, stats => Assert.True(gpu.Hosts(stats.Host), $"inference on {stats.Host}, not the GPU silo"));
        Assert.All(inference, stats => Assert.True(stats.FramesProcessed > 0));
        Assert.Contains(statuses, s => cpu.Hosts(s.Host));
        // A camera on the CPU silo sends its frames across, and says so: where its inference runs, and how many bytes.
        var crossing = await Eventually.ValueAsync(video.ListCamerasAsync,
            list => list.Any(s => cpu.Hosts(s.Host) && s.FrameBytesPerSecond > 0 && s.InferenceHost is not null), Settle, "frame bytes reported");
        Assert.All(crossing.Where(s => cpu.Hosts(s.Host)), s => Assert.True(gpu.Hosts(s.InferenceHost), $"{s.Id}'s inference on {s.InferenceHost}"));

        var received = new Dictionary<string, int>();
        var subscriptions = new List<IAsyncDisposable>();
        foreach (var id in ids)
        {
            subscriptions.Add(await video.SubscribeAsync(id, frame =>
            {
                lock (received)
                {
                    received[frame.CameraId] = received.GetValueOrDefault(frame.CameraId) + 1;
                }
                return Task.CompletedTask;
            }));
        }
        await Eventually.ValueAsync(() => Task.FromResult(Counts()), c => ids.All(id => c.GetValueOrDefault(id) > 0), Settle, "live detections");

        cpu.Kill();
        var atKill = Counts();
        var after = await Eventually.ValueAsync(video.ListCamerasAsync,
            list => list.Count == 4 && list.All(s => s.State == CameraState.Running && gpu.Hosts(s.Host)), Settle,
            "the client to answer through the surviving gateway with every camera on the GPU silo");
        Assert.Equal(ids.Order(), after.Select(s => s.Id).Order());
        await Eventually.ValueAsync(() => Task.FromResult(Counts()),
            c => ids.All(id => c.GetValueOrDefault(id) > atKill.GetValueOrDefault(id) + 2), Settle, "live detections to resume for every camera");

        foreach (var subscription in subscriptions)
        {
            await subscription.DisposeAsync();
        }

        Dictionary<string, int> Counts()
        {
            lock (received)
            {
                return new Dictionary<string, int>(received);
            }
        }
    }

    [Fact]
    public async Task With_a_gpu_required_cameras_wait_for_a_gpu_silo_and_resume_when_one_joins()
    {
        await using var cluster = await SiloCluster.StartAsync();
        var strict = new Dictionary<string, string> { ["Cameras__RequireGpu"] = "true" };
        await cluster.AddSiloAsync(gpu: false, strict);
        await cluster.AddCameraAsync("strict-0");

        var waiting = await Eventually.ValueAsync(cluster.CamerasAsync,
            list => list.Single().GetProperty("lastError").GetString()?.Contains("waiting for a GPU silo") == true,
            Settle, "the camera to report that it waits for a GPU silo");
        Assert.Equal(0, waiting.Single().GetProperty("framesProcessed").GetInt64());

        var gpu = await cluster.AddSiloAsync(gpu: true, strict);
        var resumed = await Eventually.ValueAsync(cluster.CamerasAsync,
            list => list.Single().GetProperty("framesProcessed").GetInt64() >= 3 && list.Single().GetProperty("lastError").ValueKind == System.Text.Json.JsonValueKind.Null,
            Settle, "inference to start on the GPU silo");
        Assert.Equal("Running", resumed.Single().GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_gpu_silo_that_runs_its_models_on_the_cpu_says_so_in_health_and_metrics()
    {
        // This machine has no GPU and the CPU build of ONNX Runtime: asked for CUDA, the models fall back to the CPU.
        await using var cluster = await SiloCluster.StartAsync();
        var gpu = await cluster.AddSiloAsync(gpu: true, settings: new Dictionary<string, string> { ["Inference__UseCuda"] = "true" });
        var cpu = await cluster.AddSiloAsync();

        using var anonymous = new HttpClient();
        using var ready = await anonymous.GetAsync($"{gpu.BaseUrl}/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode); // it still serves
        var health = await ready.Content.ReadAsStringAsync();
        Assert.StartsWith("Degraded\ngpu: CUDA was asked for (Inference:UseCuda) but objects, shapes, text run on the CPU: this silo is built with ONNX Runtime's CPU package", health);
        Assert.Matches(@"(?m)^orleans_video_inference_cuda_fallback\{[^}]*model=""shapes""[^}]*\} 1", await anonymous.GetStringAsync($"{gpu.BaseUrl}/metrics"));

        var models = await cluster.Http.GetFromJsonAsync<JsonElement>($"{gpu.BaseUrl}/api/models");
        var shapes = models.EnumerateArray().Single(m => m.GetProperty("model").GetString() == "shapes");
        Assert.Equal("CPU", shapes.GetProperty("provider").GetString());

        // A silo that never asked for CUDA is plainly healthy and reports no fallback.
        Assert.Equal("Healthy", await anonymous.GetStringAsync($"{cpu.BaseUrl}/health/ready"));
        Assert.DoesNotContain("orleans_video_inference_cuda_fallback{", await anonymous.GetStringAsync($"{cpu.BaseUrl}/metrics"));
    }

    [Fact]
    public async Task The_gpu_flavour_on_a_machine_without_cuda_runs_its_models_on_the_cpu_and_says_why()
    {
        // Built with -p:OnnxRuntimeFlavor=Gpu: ONNX Runtime's CUDA package, whose CUDA provider needs CUDA 12 and cuDNN 9,
        // which this machine lacks.
        var assembly = SiloProcess.GpuFlavourAssembly();
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(assembly)!, "libonnxruntime_providers_cuda.so")), "the GPU flavour carries the CUDA provider");
        await using var cluster = await SiloCluster.StartAsync();
        var gpu = await cluster.AddSiloAsync(gpu: true, new Dictionary<string, string> { ["Inference__UseCuda"] = "true" }, assembly);
        await cluster.AddCameraAsync("on-gpu-flavour");
        await Eventually.ValueAsync(cluster.CamerasAsync,
            list => list.Any(c => c.GetProperty("framesProcessed").GetInt64() >= 3), Settle, "frames analysed on the CPU");

        // Not the CPU package's missing entry point: the CUDA provider itself was tried, and the loader says what it lacks.
        using var anonymous = new HttpClient();
        var health = await anonymous.GetStringAsync($"{gpu.BaseUrl}/health/ready");
        Assert.True(Regex.IsMatch(health, @"^Degraded\ngpu: CUDA was asked for .* run on the CPU: libonnxruntime_providers_cuda\.so cannot load: lib\w+\.so\.\d+: cannot open shared object file"), health);
        var models = await cluster.Http.GetFromJsonAsync<JsonElement>($"{gpu.BaseUrl}/api/models");
        var shapes = models.EnumerateArray().Single(m => m.GetProperty("model").GetString() == "shapes");
        Assert.Equal("CPU", shapes.GetProperty("provider").GetString());
        Assert.Contains("cannot open shared object file", shapes.GetProperty("cudaUnavailable").GetString());
        Assert.Contains("libonnxruntime_providers_cuda.so cannot load: lib", gpu.Output);
    }
}
