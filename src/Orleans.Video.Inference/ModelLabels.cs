namespace Orleans.Video.Inference;

/// <summary>
/// The labels a catalog model's detections can carry, known without loading it: what <c>GET /api/models</c> lists
/// and what a camera's or job's labels are checked against.
/// </summary>
public static class ModelLabels
{
    /// <summary>
    /// <see cref="DetectionDecoders.Labels"/>; for OpenCV's detectors, which label everything they find alike, the first
    /// configured label or their own (as <see cref="OpenCvDetectors"/> names them). Empty when not known: a model file
    /// without a label list, or a labels file that cannot be read (the model then fails to load and says why).
    /// </summary>
    public static IReadOnlyList<string> Of(ModelDefinition model)
    {
        IReadOnlyList<string> labels;
        try
        {
            labels = DetectionDecoders.Labels(model);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
        return model.Format switch
        {
            ModelFormat.HogPeople => [labels.FirstOrDefault() ?? "person"],
            ModelFormat.BlazeFace => [labels.FirstOrDefault() ?? "face"],
            _ => labels,
        };
    }
}
