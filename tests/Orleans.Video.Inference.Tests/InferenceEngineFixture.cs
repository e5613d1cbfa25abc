using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Video.Models;

namespace Orleans.Video.Inference.Tests;

/// <summary>One started host for the engine tests: a working builtin model and two broken model files.</summary>
public sealed class InferenceEngineFixture : IAsyncLifetime
{
    public const string Good = "bright";
    public const string RandomBytes = "broken";
    public const string TextFile = "notes";
    public const string FixedBatch = "fixed";
    public const int Width = 640;
    public const int Height = 384;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"inference-tests-{Guid.NewGuid():N}");
    private IHost? _host;

    public string RandomBytesPath => Path.Combine(_directory, "random.onnx");

    public string TextFilePath => Path.Combine(_directory, "readme.onnx");

    public string FixedBatchPath => Path.Combine(_directory, "bright-batch1.onnx");

    public InferenceEngine Engine => _host!.Services.GetRequiredService<InferenceEngine>();

    internal CollectingLoggerProvider Logs { get; } = new();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);
        await File.WriteAllBytesAsync(RandomBytesPath, bytes);
        await File.WriteAllTextAsync(TextFilePath, "This is not an ONNX model.\n");
        await File.WriteAllBytesAsync(FixedBatchPath, BrightObjectDetector.Build(Width, Height, fixedBatch: 1));
        _host = TestHosts.Build(new Dictionary<string, string?>
        {
            ["Inference:MaxBatch"] = "8",
            // Long enough that frames sent together always meet in one batch, even on a busy 2-core machine.
            ["Inference:MaxBatchWait"] = "00:00:00.250",
            [$"Inference:Models:{Good}:Builtin"] = "bright-object",
            [$"Inference:Models:{Good}:InputWidth"] = $"{Width}",
            [$"Inference:Models:{Good}:InputHeight"] = $"{Height}",
            [$"Inference:Models:{RandomBytes}:Path"] = RandomBytesPath,
            [$"Inference:Models:{TextFile}:Path"] = TextFilePath,
            [$"Inference:Models:{FixedBatch}:Path"] = FixedBatchPath,
            [$"Inference:Models:{FixedBatch}:InputWidth"] = $"{Width}",
            [$"Inference:Models:{FixedBatch}:InputHeight"] = $"{Height}",
            [$"Inference:Models:{FixedBatch}:Labels:0"] = "light",
            [$"Inference:Models:{FixedBatch}:Labels:1"] = "other light",
        }, Logs);
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        Directory.Delete(_directory, recursive: true);
    }
}
