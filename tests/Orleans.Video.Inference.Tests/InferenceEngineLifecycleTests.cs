using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Video.Inference.Tests;

public sealed class InferenceEngineLifecycleTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Inference:Models:bright:Builtin"] = "bright-object",
        ["Inference:Models:bright:InputWidth"] = "64",
        ["Inference:Models:bright:InputHeight"] = "64",
    };

    [Fact]
    public async Task A_stopped_engine_refuses_frames()
    {
        using var host = TestHosts.Build(Settings);
        await host.StartAsync();
        var engine = host.Services.GetRequiredService<IInferenceEngine>();
        var frame = TestFrames.Packet("cam", "bright", Letterbox.Fit(64, 64, 64, 64), (1, 2, 10, 12));
        Assert.Single(await engine.DetectAsync(frame));

        await host.StopAsync();

        Assert.Throws<ObjectDisposedException>(() => { _ = engine.DetectAsync(frame); });
    }

    [Fact]
    public async Task Stopping_serves_the_frames_an_opencv_model_has_queued_then_refuses_more()
    {
        using var host = TestHosts.Build(new Dictionary<string, string?>
        {
            ["Inference:Models:people:Format"] = "HogPeople",
            ["Inference:Models:people:InputWidth"] = "320",
            ["Inference:Models:people:InputHeight"] = "240",
        });
        await host.StartAsync();
        var engine = host.Services.GetRequiredService<IInferenceEngine>();
        var letterbox = Letterbox.Fit(320, 240, 320, 240);
        var frames = Enumerable.Range(0, 4).Select(i => TestFrames.Packet($"cam-{i}", "people", letterbox, (40 * i, 20, 30, 90), sequence: i)).ToArray();

        var pending = frames.Select(frame => engine.DetectAsync(frame)).ToArray();
        await host.StopAsync();

        Assert.All(pending, task => Assert.True(task.IsCompletedSuccessfully));
        Assert.Equal(4, engine.GetStatus("people").Frames);
        Assert.Throws<ObjectDisposedException>(() => { _ = engine.DetectAsync(frames[0]); });
    }

    [Fact]
    public async Task Without_the_host_a_model_loads_on_its_first_frame()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddVideoInference(new ConfigurationBuilder().AddInMemoryCollection(Settings).Build());
        using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<IInferenceEngine>();
        Assert.False(engine.GetStatus("bright").Loaded);

        var detections = await engine.DetectAsync(TestFrames.Packet("cam", "bright", Letterbox.Fit(64, 64, 64, 64), (1, 2, 10, 12)));

        Assert.Equal([new Detection("object", 0, 0.9f, new Box(1, 2, 10, 12))], detections);
        Assert.True(engine.GetStatus("bright").Loaded);
    }
}
