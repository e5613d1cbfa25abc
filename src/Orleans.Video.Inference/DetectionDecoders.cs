namespace Orleans.Video.Inference;

/// <summary>
/// What turns an ONNX model's output into detections, chosen by the model's format, and the class names its
/// detections are labelled with. One place for both, so the silo and anything else that runs a catalog model
/// (the bench's naive loop) read a model's output alike.
/// </summary>
public static class DetectionDecoders
{
    /// <summary>The decoder for an ONNX Runtime model's output.</summary>
    public static IDetectionDecoder For(ModelDefinition model, IReadOnlyList<string> labels) =>
        model.Format == ModelFormat.DbText ? DbTextDecoder.For(model) : YoloDecoder.For(model, labels);

    /// <summary>
    /// Class names by class id: <see cref="ModelDefinition.Labels"/>, else the lines of
    /// <see cref="ModelDefinition.LabelsPath"/>, else a built-in model's own, else the text detector's single label.
    /// </summary>
    public static IReadOnlyList<string> Labels(ModelDefinition model)
    {
        if (model.Labels is { Length: > 0 } labels)
        {
            return labels;
        }
        if (!string.IsNullOrWhiteSpace(model.LabelsPath))
        {
            return File.ReadAllLines(model.LabelsPath).Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();
        }
        if (model.Builtin is { Length: > 0 } builtin)
        {
            return BuiltinModels.Labels(builtin);
        }
        return model.Format == ModelFormat.DbText ? [DbTextDecoder.Label] : [];
    }
}
