using Microsoft.Extensions.Configuration;
using Orleans.Video.Inference.OnnxFiles;

namespace Orleans.Video.Inference;

/// <summary>Binds <see cref="InferenceOptions"/> from configuration, and completes each model from its file.</summary>
public static class InferenceOptionsBinder
{
    public static void Bind(IConfiguration section, InferenceOptions options)
    {
        section.Bind(options);
        foreach (var (name, model) in options.Models)
        {
            var modelSection = section.GetSection($"Models:{name}");
            // The binder appends configured array items to an array's existing items, so a configured Mean of
            // three values would follow the default three. Read arrays with defaults again, replacing them.
            model.Mean = ReplaceIfSet(modelSection, nameof(ModelDefinition.Mean), model.Mean);
            model.Std = ReplaceIfSet(modelSection, nameof(ModelDefinition.Std), model.Std);
            model.Strides = ReplaceIfSet(modelSection, nameof(ModelDefinition.Strides), model.Strides);
            model.Path = ModelFiles.Resolve(model.Path);
            model.LabelsPath = ModelFiles.Resolve(model.LabelsPath);
            CompleteFromFile(modelSection, model);
        }
    }

    /// <summary>
    /// What the configuration leaves out and an ONNX file declares: the input size (a fixed input shape, or
    /// ultralytics' <c>imgsz</c> metadata) and the class names (ultralytics' <c>names</c>). A file that cannot be read
    /// is left to the validator and the loader, which say why.
    /// </summary>
    private static void CompleteFromFile(IConfiguration modelSection, ModelDefinition model)
    {
        var sizeSet = modelSection.GetSection(nameof(ModelDefinition.InputWidth)).Exists() || modelSection.GetSection(nameof(ModelDefinition.InputHeight)).Exists();
        var labelsSet = model.Labels is { Length: > 0 } || !string.IsNullOrWhiteSpace(model.LabelsPath);
        if ((sizeSet && labelsSet) || model.Format.RunsOnOpenCv() || string.IsNullOrWhiteSpace(model.Path) || !File.Exists(model.Path))
        {
            return;
        }
        OnnxModelFile file;
        try
        {
            file = OnnxModelFile.Read(File.ReadAllBytes(model.Path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return;
        }
        if (!sizeSet && ModelMetadata.InputSize(file) is var (width, height))
        {
            (model.InputWidth, model.InputHeight) = (width, height);
        }
        if (!labelsSet && ModelMetadata.Names(file) is { Length: > 0 } names)
        {
            model.Labels = names;
        }
    }

    private static T[] ReplaceIfSet<T>(IConfiguration modelSection, string key, T[] current)
    {
        var configured = modelSection.GetSection(key);
        return configured.Exists() ? configured.Get<T[]>() ?? current : current;
    }
}
