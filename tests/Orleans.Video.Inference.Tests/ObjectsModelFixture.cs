using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Video.TestSupport;

namespace Orleans.Video.Inference.Tests;

/// <summary>
/// One started host with the shipped YOLOX-Nano model (<c>objects</c>) exactly as the silo's appsettings.json defines
/// it, and variants of it: a dynamic batch, two sessions side by side, the file read as another layout, a wrong sha256.
/// </summary>
public sealed class ObjectsModelFixture : IAsyncLifetime
{
    public const string Collection = "objects model";
    public const string Objects = "objects";
    public const string Batched = "objects-batched";
    public const string SideBySide = "objects-two-sessions";
    public const string AsYoloV8 = "objects-as-v8";
    public const string AsYoloV5At320 = "objects-as-v5-320";
    public const string WrongHash = "objects-wrong-hash";
    public const int Size = 416;

    private IHost? _host;

    public InferenceEngine Engine => _host!.Services.GetRequiredService<InferenceEngine>();

    /// <summary>The <c>objects</c> model's settings in the silo's appsettings.json, keys under <c>Inference:Models:objects</c>.</summary>
    public static IReadOnlyDictionary<string, string> Shipped()
    {
        var shipped = SiloAppSettings.Model(Objects);
        Assert.True(shipped.Count > 0, "the silo's appsettings.json defines no 'objects' model");
        return shipped;
    }

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>();
        Add(settings, Objects, []);
        Add(settings, Batched, new() { ["MakeBatchDynamic"] = "true" });
        Add(settings, SideBySide, new() { ["Sessions"] = "2" });
        Add(settings, AsYoloV8, new() { ["Format"] = "Yolo", ["Placement"] = "Center" });
        Add(settings, AsYoloV5At320, new() { ["Format"] = "YoloV5", ["InputWidth"] = "320", ["InputHeight"] = "320" });
        Add(settings, WrongHash, new() { ["Sha256"] = new string('0', 64) });
        _host = TestHosts.Build(settings);
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
    }

    private static void Add(Dictionary<string, string?> settings, string name, Dictionary<string, string> changes)
    {
        foreach (var (key, value) in Shipped())
        {
            settings[$"Inference:Models:{name}:{key}"] = value;
        }
        foreach (var (key, value) in changes)
        {
            settings[$"Inference:Models:{name}:{key}"] = value;
        }
    }
}

[CollectionDefinition(ObjectsModelFixture.Collection)]
public sealed class ObjectsModelCollection : ICollectionFixture<ObjectsModelFixture>;
