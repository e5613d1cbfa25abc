using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Video.Inference;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// The model a run measures (<c>--model</c>): its name in the catalog and the settings that define it, for the
/// in-process silo and for the limits alike. The definition is the silo's own (its <c>appsettings.json</c>), so the
/// bench measures the model as the product ships it. Both models take the same 640x384 input, so the decoders do
/// the same work.
/// </summary>
public sealed record BenchModel(string Name, IReadOnlyDictionary<string, string?> Settings)
{
    public const int InputWidth = 640, InputHeight = 384;

    /// <summary>The default model: the built-in bright-object detector, cheaper than decoding a 720p frame.</summary>
    public static BenchModel Shapes { get; } = FromSilo("shapes");

    /// <summary>
    /// <c>shapes</c>, or <c>text</c>: PaddleOCR's text detector from the npm package <c>./bench.sh</c> installs, a real
    /// network dearer than decoding.
    /// </summary>
    /// <exception cref="ArgumentException">The name is neither <c>shapes</c> nor <c>text</c>.</exception>
    public static BenchModel Named(string name) => name switch
    {
        "shapes" => Shapes,
        "text" => FromSilo("text"),
        _ => throw new ArgumentException($"--model takes shapes (the default) or text, got '{name}'"),
    };

    /// <summary>The product's inference services (catalog, sessions, engine) for this model's settings; not started.</summary>
    public ServiceProvider InferenceServices() =>
        new ServiceCollection()
            .AddLogging()
            .AddVideoInference(new ConfigurationBuilder().AddInMemoryCollection(Settings).Build())
            .BuildServiceProvider();

    private static BenchModel FromSilo(string name)
    {
        var root = BenchSettings.RepositoryRoot();
        var definition = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(root, "silo/Orleans.Video.Silo/appsettings.json"))
            .Build()
            .GetSection($"Inference:Models:{name}");
        // The silo runs from the repository root, where a model's relative path starts; the bench may run elsewhere.
        var settings = definition.AsEnumerable()
            .Where(entry => entry.Value is not null)
            .ToDictionary(entry => entry.Key, entry => entry.Key.EndsWith(":Path", StringComparison.Ordinal) ? Path.Combine(root, entry.Value!) : entry.Value);
        if (settings[$"{definition.Path}:InputWidth"] != $"{InputWidth}" || settings[$"{definition.Path}:InputHeight"] != $"{InputHeight}")
        {
            throw new InvalidOperationException($"the bench decodes for {InputWidth}x{InputHeight}; the silo's '{name}' model takes another input");
        }
        return new BenchModel(name, settings);
    }
}
