using System.Globalization;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Cluster;

/// <summary>
/// Cameras:DecodeOnGpuSilos across silo processes: cameras fill the GPU silo up to its decode capacity, decode there
/// beside their inference (no frame crosses the network), and only the rest go to the CPU silo.
/// </summary>
public sealed class GpuDecodingTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Cameras_fill_the_gpu_silo_to_its_capacity_and_keep_their_frames_on_it()
    {
        await using var cluster = await SiloCluster.StartAsync();
        var everySilo = new Dictionary<string, string> { ["Cameras__DecodeOnGpuSilos"] = "true" };
        var cpu = await cluster.AddSiloAsync(gpu: false, everySilo);
        // Room for three and a half of the test clip (1280x720 at 25 fps, 23.04 megapixels a second); NVDEC by default.
        var capacity = 3.5 * TestClips.Width * TestClips.Height * TestClips.Fps / 1e6;
        var gpu = await cluster.AddSiloAsync(gpu: true, new Dictionary<string, string>(everySilo)
        {
            ["Silo__DecodeCapacity"] = capacity.ToString(CultureInfo.InvariantCulture),
            ["Pipeline__Hwaccel"] = "cuda",
        });
        var video = await cluster.ConnectClientAsync();

        string[] ids = ["d-0", "d-1", "d-2", "d-3"];
        foreach (var id in ids)
        {
            await video.AddCameraAsync(id, new CameraConfig(cluster.Clips.MovingBox, 5, "shapes"));
        }
        // Balanced by cost per core alone, two cameras would be on each silo.
        var statuses = await Eventually.ValueAsync(video.ListCamerasAsync,
            list => list.All(s => s is { State: CameraState.Running, FramesProcessed: >= 3, InferenceHost: not null }), Settle, "cameras running");
        var onGpu = statuses.Where(s => gpu.Hosts(s.Host)).ToList();
        Assert.Equal(3, onGpu.Count);
        var onCpu = Assert.Single(statuses, s => cpu.Hosts(s.Host));

        // Beside their inference: nothing to send over the network. The one on the CPU silo sends to the GPU silo.
        Assert.All(onGpu, s => Assert.True(gpu.Hosts(s.InferenceHost), $"{s.Id}'s inference on {s.InferenceHost}"));
        Assert.True(gpu.Hosts(onCpu.InferenceHost), $"{onCpu.Id}'s inference on {onCpu.InferenceHost}");
        // The GPU silo's default hardware decoding applies to its cameras: where this machine's ffmpeg cannot decode with
        // CUDA (no NVIDIA GPU, as here), they say so and decode in software; where it can, they decode on the GPU.
        if (await FfmpegDecodesWithCudaAsync(cluster.Clips.MovingBox))
        {
            Assert.All(onGpu, s => Assert.Null(s.Warning));
        }
        else
        {
            Assert.All(onGpu, s => Assert.Contains("hwaccel cuda is not available on this silo, decoding in software", s.Warning));
        }
        Assert.Null(onCpu.Warning);

        // Two whole sweeps leave it so: a full GPU silo takes no more, and nothing leaves it to even the load per core.
        var swept = await cluster.SweepsAsync("started");
        await Eventually.ValueAsync(() => cluster.SweepsAsync("completed"), completed => completed >= swept + 2, Settle, "two more sweeps");
        var later = await video.ListCamerasAsync();
        Assert.Equal(onGpu.Select(s => s.Id).Order(), later.Where(s => gpu.Hosts(s.Host)).Select(s => s.Id).Order());

        // Removing a camera from the GPU silo makes room: the CPU silo's camera moves onto it.
        await video.RemoveCameraAsync(onGpu[0].Id);
        await Eventually.ValueAsync(video.ListCamerasAsync,
            list => list.Count == 3 && list.All(s => s.State == CameraState.Running && gpu.Hosts(s.Host)), Settle,
            $"{onCpu.Id} to move from the CPU silo to the GPU silo");
    }

    private static async Task<bool> FfmpegDecodesWithCudaAsync(string clip)
    {
        try
        {
            await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-hwaccel", "cuda", "-i", clip, "-frames:v", "5", "-f", "null", "-"], TimeSpan.FromSeconds(60));
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // ffmpeg exited with an error: no CUDA device or no NVDEC here
        }
    }
}
