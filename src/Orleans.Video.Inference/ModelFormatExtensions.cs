namespace Orleans.Video.Inference;

/// <summary>Which backend runs a <see cref="ModelFormat"/>.</summary>
public static class ModelFormatExtensions
{
    /// <summary>True for the formats OpenCV runs (HOG people, BlazeFace); the others are ONNX models run by ONNX Runtime.</summary>
    public static bool RunsOnOpenCv(this ModelFormat format) => format is ModelFormat.HogPeople or ModelFormat.BlazeFace;
}
