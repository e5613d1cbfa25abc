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
