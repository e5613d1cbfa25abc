namespace Orleans.Video.Inference;

/// <summary>Where a model comes from, as messages name it.</summary>
internal static class ModelSource
{
    public const string HogPeople = "OpenCV's built-in HOG people detector";

    /// <summary>Its full path, its builtin name, or OpenCV's HOG detector.</summary>
    public static string Describe(ModelDefinition model) =>
        model.Format == ModelFormat.HogPeople ? HogPeople
        : model.Builtin is { Length: > 0 } builtin ? $"builtin '{builtin}'"
        : model.Path is { Length: > 0 } path ? $"file '{System.IO.Path.GetFullPath(path)}'"
        : "(no Path or Builtin)";
}
