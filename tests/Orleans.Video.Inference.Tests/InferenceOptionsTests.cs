using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Video.Inference.Tests;

public sealed class InferenceOptionsTests
{
    [Fact]
    public void The_inference_section_binds_onto_the_options()
    {
        using var host = TestHosts.Build(new Dictionary<string, string?>
        {
            ["Inference:UseCuda"] = "true",
            ["Inference:IntraOpThreads"] = "2",
            ["Inference:MaxBatch"] = "4",
            ["Inference:MaxBatchWait"] = "00:00:00.010",
            // Any existing file passes validation; nothing is loaded here.
            ["Inference:Models:Text:Path"] = typeof(InferenceOptionsTests).Assembly.Location,
            ["Inference:Models:Text:Format"] = "DbText",
            ["Inference:Models:Text:ChannelOrder"] = "Bgr",
            ["Inference:Models:Text:Mean:0"] = "0.485",
            ["Inference:Models:Text:Mean:1"] = "0.456",
            ["Inference:Models:Text:Mean:2"] = "0.406",
            ["Inference:Models:Text:Labels:0"] = "text",
            ["Inference:Models:Text:DbUnclipRatio"] = "2",
        });

        var options = host.Services.GetRequiredService<IOptionsMonitor<InferenceOptions>>().Get(Options.DefaultName);

        Assert.True(options.UseCuda);
        Assert.Equal(2, options.IntraOpThreads);
        Assert.Equal(4, options.MaxBatch);
        Assert.Equal(TimeSpan.FromMilliseconds(10), options.MaxBatchWait);
        var text = options.Models["text"];
        Assert.Equal(ModelFormat.DbText, text.Format);
        Assert.Equal(ChannelOrder.Bgr, text.ChannelOrder);
        // Replaced, not appended to the default [0, 0, 0].
        Assert.Equal([0.485f, 0.456f, 0.406f], text.Mean);
        Assert.Equal([1f, 1f, 1f], text.Std);
        Assert.Equal(["text"], text.Labels!);
        Assert.Equal(2f, text.DbUnclipRatio);
        Assert.Equal(640, text.InputWidth);
        Assert.True(host.Services.GetRequiredService<IModelCatalog>().Contains("TEXT"));
    }

    [Fact]
    public async Task A_missing_model_file_fails_start_with_the_key_and_the_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.onnx");
        using var host = TestHosts.Build(new Dictionary<string, string?> { ["Inference:Models:text:Path"] = missing });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains($"Inference:Models:text:Path: file not found: {missing}", error.Message);
    }

    [Fact]
    public void Every_problem_is_reported_with_its_key()
    {
        var options = new InferenceOptions
        {
            MaxBatch = 0,
            MaxBatchWait = TimeSpan.FromSeconds(-1),
            Models =
            {
                ["both"] = new ModelDefinition { Path = "/x.onnx", Builtin = "bright-object" },
                ["neither"] = new ModelDefinition(),
                ["odd"] = new ModelDefinition { Builtin = "yolo-magic", Mean = [0, 0], Std = [1, 0, 1], ScoreThreshold = 2, EventThreshold = -0.5f, InputWidth = 0 },
            },
        };

        var result = new InferenceOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToArray();
        Assert.Contains(failures, f => f.StartsWith("Inference:MaxBatch:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:MaxBatchWait:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Models:both: set exactly one of Path", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Models:neither: set exactly one of Path", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Models:odd:Builtin: unknown builtin 'yolo-magic'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Models:odd:Mean:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Models:odd:Std:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Models:odd:ScoreThreshold:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Models:odd:EventThreshold:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Models:odd:InputWidth:", StringComparison.Ordinal));
    }

    [Fact]
    public void Opencv_models_are_checked_for_their_own_settings()
    {
        var options = new InferenceOptions
        {
            Models =
            {
                ["people-with-file"] = new ModelDefinition { Format = ModelFormat.HogPeople, Path = "/x.onnx" },
                ["people-odd"] = new ModelDefinition { Format = ModelFormat.HogPeople, HogUpscale = 0, HogWinStride = 0, HogScaleStep = 1 },
                ["people-tiny"] = new ModelDefinition { Format = ModelFormat.HogPeople, InputWidth = 100, InputHeight = 60 },
                ["faces-without-file"] = new ModelDefinition { Format = ModelFormat.BlazeFace, InputWidth = 128, InputHeight = 128 },
                ["faces-builtin"] = new ModelDefinition { Format = ModelFormat.BlazeFace, Builtin = "bright-object" },
            },
        };

        var failures = new InferenceOptionsValidator().Validate(null, options).Failures!.ToArray();

        Assert.Contains(failures, f => f.StartsWith("Inference:Models:people-with-file: HogPeople is OpenCV's built-in people detector; it takes no Path", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Models:people-odd:HogUpscale: must be between", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Models:people-odd:HogWinStride:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Models:people-odd:HogScaleStep: must be above 1", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Models:people-tiny:HogUpscale: the input 100x60 enlarged x1 is smaller than the 64x128", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Models:faces-without-file: BlazeFace needs Path (a .tflite file", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Models:faces-builtin: BlazeFace needs Path", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("set exactly one of Path", StringComparison.Ordinal));
    }

    [Fact]
    public void Yolox_and_speed_settings_are_checked_by_key()
    {
        var options = new InferenceOptions
        {
            Models =
            {
                ["odd"] = new ModelDefinition
                {
                    Path = "/x.onnx", Format = ModelFormat.Yolox, InputWidth = 420, InputHeight = 416,
                    Sha256 = "e8af07", PixelRange = 0, Sessions = -1, Placement = (LetterboxPlacement)7,
                },
                ["no-strides"] = new ModelDefinition { Path = "/x.onnx", Format = ModelFormat.Yolox, Strides = [] },
            },
        };

        var failures = new InferenceOptionsValidator().Validate(null, options).Failures!.ToArray();

        Assert.Contains(failures, f => f.StartsWith("Inference:Models:odd:Strides: YOLOX's grids need the input 420x416 to be a multiple of every stride", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Models:odd:Sha256: must be 64 hexadecimal digits", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Models:odd:PixelRange: must be positive", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Models:odd:Sessions: must be 0 (chosen from the silo's cores) or 1..64", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Models:odd:Placement: must be one of Center, TopLeft", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Models:no-strides:Strides: needs one or more positive strides", StringComparison.Ordinal));
    }

    [Fact]
    public void A_shipped_model_named_relative_to_the_binaries_is_found_and_its_strides_replace_the_defaults()
    {
        var options = new InferenceOptions();
        InferenceOptionsBinder.Bind(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Models:mine:Path"] = "models/yolox-nano/yolox_nano.onnx",
            ["Models:mine:Format"] = "Yolox",
            ["Models:mine:Strides:0"] = "16",
            ["Models:mine:Strides:1"] = "32",
        }).Build(), options);

        var model = options.Models["mine"];
        // Found from the working directory or beside the binaries (the same folder under dotnet test).
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "models/yolox-nano/yolox_nano.onnx"), Path.GetFullPath(model.Path!));
        Assert.Equal([16, 32], model.Strides);
        // No size configured: the file's fixed input shape gives it.
        Assert.Equal((416, 416), (model.InputWidth, model.InputHeight));
    }

    [Fact]
    public async Task A_missing_tflite_file_fails_start_with_the_key_and_the_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.tflite");
        using var host = TestHosts.Build(new Dictionary<string, string?>
        {
            ["Inference:Models:faces:Format"] = "BlazeFace",
            ["Inference:Models:faces:Path"] = missing,
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains($"Inference:Models:faces:Path: file not found: {missing}", error.Message);
    }

    [Fact]
    public void A_hog_model_needs_no_file_and_its_defaults_are_valid()
    {
        var options = new InferenceOptions { Models = { ["people"] = new ModelDefinition { Format = ModelFormat.HogPeople } } };

        Assert.True(new InferenceOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        var options = new InferenceOptions { Models = { ["demo"] = new ModelDefinition { Builtin = "bright-object" } } };

        Assert.True(new InferenceOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void An_unknown_catalog_name_lists_the_known_ones()
    {
        var catalog = new ModelCatalog(new Dictionary<string, ModelDefinition> { ["a"] = new(), ["b"] = new() });

        var error = Assert.Throws<ArgumentException>(() => catalog.Get("c"));

        Assert.Contains("unknown model 'c'; known models: a, b", error.Message);
        Assert.Same(catalog.Get("a"), catalog.Get("A"));
    }

    [Fact]
    public async Task Asking_for_cuda_on_the_cpu_package_warns_and_runs_on_the_cpu()
    {
        var logs = new CollectingLoggerProvider();
        using var host = TestHosts.Build(new Dictionary<string, string?>
        {
            ["Inference:UseCuda"] = "true",
            ["Inference:Models:bright:Builtin"] = "bright-object",
            ["Inference:Models:bright:InputWidth"] = "320",
            ["Inference:Models:bright:InputHeight"] = "320",
        }, logs);
        await host.StartAsync();
        var engine = host.Services.GetRequiredService<IInferenceEngine>();

        var detections = await engine.DetectAsync(TestFrames.Packet("cam", "bright", Letterbox.Fit(320, 320, 320, 320), (10, 20, 30, 40)));

        Assert.Equal([new Detection("object", 0, 0.9f, new Box(10, 20, 30, 40))], detections);
        var status = Assert.Single(engine.GetStatus());
        Assert.Equal("CPU", status.Provider);
        Assert.StartsWith("this silo is built with ONNX Runtime's CPU package", status.CudaUnavailable);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("CUDA execution provider is not available"));
        await host.StopAsync();
    }
}
