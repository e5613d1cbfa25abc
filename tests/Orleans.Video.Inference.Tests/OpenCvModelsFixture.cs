using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Orleans.Video.Inference.Tests;

/// <summary>
/// One started host with the OpenCV-run models as the silo's appsettings.json configures them (HOG people, BlazeFace
/// short and full range) and two broken .tflite files.
/// </summary>
public sealed class OpenCvModelsFixture : IAsyncLifetime
{
    /// <summary>The tests that share this fixture: one host, and one test at a time, so per-frame times are not shared with another test.</summary>
    public const string Collection = "OpenCV models";

    public const string People = "people";
    public const string PeopleSquare = "people-square";
    public const string Faces = "faces";
    public const string FacesFullRange = "faces-full";
    public const string RandomBytes = "faces-random";
    public const string TextFile = "faces-text";
    public const int PeopleWidth = 640;
    public const int PeopleHeight = 480;
    public const int FacesSize = 128;
    public const int FacesFullRangeSize = 192;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"opencv-models-{Guid.NewGuid():N}");
    private IHost? _host;

    public string RandomBytesPath => Path.Combine(_directory, "random.tflite");

    public string TextFilePath => Path.Combine(_directory, "readme.tflite");

    public InferenceEngine Engine => _host!.Services.GetRequiredService<InferenceEngine>();

    internal CollectingLoggerProvider Logs { get; } = new();

    public async Task InitializeAsync()
    {
        var faces = Model("face_detection_short_range.tflite");
        var facesFull = Model("face_detection_full_range.tflite");
        Directory.CreateDirectory(_directory);
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        await File.WriteAllBytesAsync(RandomBytesPath, bytes);
        await File.WriteAllTextAsync(TextFilePath, "This is not a TFLite model.\n");
        var settings = new Dictionary<string, string?>();
        AddPeople(settings, People, PeopleWidth, PeopleHeight);
        AddPeople(settings, PeopleSquare, PeopleWidth, PeopleWidth);
        AddFaces(settings, Faces, faces, FacesSize);
        AddFaces(settings, FacesFullRange, facesFull, FacesFullRangeSize);
        AddFaces(settings, RandomBytes, RandomBytesPath, FacesSize);
        AddFaces(settings, TextFile, TextFilePath, FacesSize);
        _host = TestHosts.Build(settings, Logs);
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

    private static string Model(string file) =>
        RepositoryFiles.Require(RepositoryFiles.Path("node_modules", "@mediapipe", "face_detection", file), "npm package @mediapipe/face_detection");

    /// <summary>HOG people as the silo's appsettings.json has it, at the given input size.</summary>
    private static void AddPeople(Dictionary<string, string?> settings, string name, int width, int height)
    {
        var key = $"Inference:Models:{name}";
        settings[$"{key}:Format"] = "HogPeople";
        settings[$"{key}:InputWidth"] = $"{width}";
        settings[$"{key}:InputHeight"] = $"{height}";
        settings[$"{key}:HogUpscale"] = "2";
        settings[$"{key}:HogScaleStep"] = "1.1";
        settings[$"{key}:ScoreThreshold"] = "0.7";
    }

    /// <summary>BlazeFace as MediaPipe feeds it: RGB in [-1, 1], black padding.</summary>
    private static void AddFaces(Dictionary<string, string?> settings, string name, string path, int size)
    {
        var key = $"Inference:Models:{name}";
        settings[$"{key}:Format"] = "BlazeFace";
        settings[$"{key}:Path"] = path;
        settings[$"{key}:InputWidth"] = $"{size}";
        settings[$"{key}:InputHeight"] = $"{size}";
        settings[$"{key}:PadValue"] = "0";
        settings[$"{key}:ScoreThreshold"] = "0.5";
        settings[$"{key}:IouThreshold"] = "0.3";
        for (var c = 0; c < 3; c++)
        {
            settings[$"{key}:Mean:{c}"] = "0.5";
            settings[$"{key}:Std:{c}"] = "0.5";
        }
    }
}

[CollectionDefinition(OpenCvModelsFixture.Collection)]
public sealed class OpenCvModelsCollection : ICollectionFixture<OpenCvModelsFixture>;
