using Microsoft.Extensions.Configuration;

namespace Orleans.Video.Inference;

/// <summary>Binds <see cref="InferenceOptions"/> from configuration.</summary>
public static class InferenceOptionsBinder
{
    public static void Bind(IConfiguration section, InferenceOptions options)
    {
        section.Bind(options);
        // The binder appends configured array items to an array's existing items, so a configured Mean of
        // three values would follow the default three. Read arrays with defaults again, replacing them.
        foreach (var (name, model) in options.Models)
        {
            var modelSection = section.GetSection($"Models:{name}");
            model.Mean = ReplaceIfSet(modelSection, nameof(ModelDefinition.Mean), model.Mean);
            model.Std = ReplaceIfSet(modelSection, nameof(ModelDefinition.Std), model.Std);
        }
    }

    private static float[] ReplaceIfSet(IConfiguration modelSection, string key, float[] current)
    {
        var configured = modelSection.GetSection(key);
        return configured.Exists() ? configured.Get<float[]>() ?? current : current;
    }
}
