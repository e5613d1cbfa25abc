using Microsoft.Extensions.Options;

namespace Orleans.Video.Inference;

/// <summary>The catalog from <see cref="InferenceOptions.Models"/>.</summary>
public sealed class ModelCatalog : IModelCatalog
{
    private readonly Dictionary<string, ModelDefinition> _models;

    public ModelCatalog(IOptions<InferenceOptions> options)
        : this(options.Value.Models)
    {
    }

    public ModelCatalog(IReadOnlyDictionary<string, ModelDefinition> models)
    {
        // Copy with our own comparer: the options dictionary may have been replaced by one that is case-sensitive.
        _models = new Dictionary<string, ModelDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, model) in models)
        {
            if (!_models.TryAdd(name, model))
            {
                throw new ArgumentException($"models '{name}' and '{_models.Keys.First(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase))}' differ only in case", nameof(models));
            }
        }
        Names = _models.Keys.Order(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    public IReadOnlyCollection<string> Names { get; }

    public bool Contains(string name) => name is not null && _models.ContainsKey(name);

    public ModelDefinition Get(string name) =>
        name is not null && _models.TryGetValue(name, out var model)
            ? model
            : throw new ArgumentException($"unknown model '{name}'; known models: {Describe(Names)}", nameof(name));

    internal static string Describe(IReadOnlyCollection<string> names) =>
        names.Count == 0 ? "(none configured under Inference:Models)" : string.Join(", ", names);
}
