namespace Orleans.Video.Inference;

/// <summary>The models this silo knows, by name (case-insensitive).</summary>
public interface IModelCatalog
{
    IReadOnlyCollection<string> Names { get; }

    bool Contains(string name);

    /// <summary>The definition of a model.</summary>
    /// <exception cref="ArgumentException">No model of that name; the message lists the known ones.</exception>
    ModelDefinition Get(string name);
}
