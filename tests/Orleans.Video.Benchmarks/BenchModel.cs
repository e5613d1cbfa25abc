using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Video.Inference;
using Orleans.Video.TestSupport;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// The model a run measures (<c>--model</c>): its name in the catalog and the settings that define it, for the
/// in-process silo and for the limits alike. The definition is the silo's own (its <c>appsettings.json</c>), so the
/// bench measures the model as the product ships it. <c>shapes</c> and <c>text</c> take the same 640x384 input, so
/// the decoders do the same work; <c>objects</c> takes 416x416.
/// </summary>
public sealed record BenchModel(string Name, IReadOnlyDictionary<string, string?> Settings)
{
    /// <summary>The input of <c>shapes</c> and <c>text</c>, which the recording bench decodes for.</summary>
    public const int InputWidth = 640, InputHeight = 384;

    /// <summary>This model's input width, as the silo's appsettings.json gives it.</summary>
    public int Width => int.Parse(Settings[$"Inference:Models:{Name}:InputWidth"]!, System.Globalization.CultureInfo.InvariantCulture);

    public int Height => int.Parse(Settings[$"Inference:Models:{Name}:InputHeight"]!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The default model: the built-in bright-object detector, cheaper than decoding a 720p frame.</summary>
    public static BenchModel Shapes { get; } = FromSilo("shapes");

    /// <summary>
    /// <c>shapes</c>; <c>text</c>: PaddleOCR's text detector from the npm package <c>./bench.sh</c> installs, a real
    /// network dearer than decoding; or <c>objects</c>: the shipped YOLOX-Nano, the product's default model.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not one of them.</exception>
    public static BenchModel Named(string name) => name switch
    {
        "shapes" => Shapes,
        "text" or "objects" => FromSilo(name),
        _ => throw new ArgumentException($"--model takes shapes (the default), text or objects, got '{name}'"),
    };

    /// <summary>The product's inference services (catalog, sessions, engine) for this model's settings; not started.</summary>
    public ServiceProvider InferenceServices() =>
        new ServiceCollection()
            .AddLogging()
            .AddVideoInference(new ConfigurationBuilder().AddInMemoryCollection(Settings).Build())
            .BuildServiceProvider();

    private static BenchModel FromSilo(string name)
    {
        var root = SiloProcess.RepositoryRoot();
        // run.sh starts the silo in the repository root, where a relative path to node_modules starts; the bench may
        // run elsewhere. The shipped models (models/...) are found beside the binaries, the bench's as the silo's.
        var settings = SiloAppSettings.Model(name).ToDictionary(
            entry => $"Inference:Models:{name}:{entry.Key}",
            entry => (string?)(entry.Key.EndsWith("Path", StringComparison.Ordinal) && File.Exists(Path.Combine(root, entry.Value))
                ? Path.Combine(root, entry.Value)
                : entry.Value));
        return new BenchModel(name, settings);
    }
}
