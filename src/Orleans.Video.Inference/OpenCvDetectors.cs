namespace Orleans.Video.Inference;

/// <summary>Creates the detector of a model that OpenCV runs (<see cref="ModelFormatExtensions.RunsOnOpenCv"/>).</summary>
internal static class OpenCvDetectors
{
    /// <exception cref="InvalidOperationException">The model cannot be loaded; the message names the model and its file.</exception>
    public static IFrameDetector Create(string name, ModelDefinition model, IReadOnlyList<string> labels)
    {
        var source = ModelSource.Describe(model);
        try
        {
            return model.Format switch
            {
                ModelFormat.HogPeople => new HogPeopleDetector(model, labels.FirstOrDefault() ?? "person"),
                ModelFormat.BlazeFace => BlazeFaceDetector.Load(
                    model.Path is { Length: > 0 } path ? path : throw new InvalidOperationException("BlazeFace needs Path (a .tflite file)"),
                    model, labels.FirstOrDefault() ?? "face"),
                _ => throw new ArgumentException($"{model.Format} is not run by OpenCV", nameof(model)),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or OpenCvSharp.OpenCVException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Model '{name}': cannot load {source}: {e.Message}", e);
        }
    }
}
