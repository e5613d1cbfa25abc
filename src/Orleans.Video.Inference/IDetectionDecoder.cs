namespace Orleans.Video.Inference;

/// <summary>Turns one batch item of a model's output into detections in source-frame pixels.</summary>
public interface IDetectionDecoder
{
    /// <param name="output">The whole output tensor, row-major.</param>
    /// <param name="shape">Its shape; the first dimension is the batch.</param>
    /// <param name="item">Which batch item to decode.</param>
    /// <param name="letterbox">How that item's frame was placed in the model input.</param>
    IReadOnlyList<Detection> Decode(ReadOnlySpan<float> output, ReadOnlySpan<long> shape, int item, Letterbox letterbox);
}
