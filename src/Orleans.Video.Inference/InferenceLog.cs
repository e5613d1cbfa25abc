using Microsoft.Extensions.Logging;

namespace Orleans.Video.Inference;

internal static partial class InferenceLog
{
    [LoggerMessage(1, LogLevel.Warning, "Model {Model}: the CUDA execution provider is not available ({Reason}); running on CPU")]
    public static partial void CudaUnavailable(ILogger logger, string model, string reason);

    [LoggerMessage(2, LogLevel.Information, "Model {Model} loaded from {Source} on {Provider}: input {Input} ({Batching}), output {Output}, {Format}, in {ElapsedMs:F0} ms")]
    public static partial void ModelLoaded(ILogger logger, string model, string source, string provider, string input, string batching, string output, ModelFormat format, double elapsedMs);

    [LoggerMessage(3, LogLevel.Error, "Model {Model} failed to load; requests for it will fail: {Error}")]
    public static partial void ModelLoadFailed(ILogger logger, string model, string error, Exception exception);

    [LoggerMessage(4, LogLevel.Error, "Model {Model}: inference failed for a batch of {Count}")]
    public static partial void BatchFailed(ILogger logger, string model, int count, Exception exception);

    [LoggerMessage(5, LogLevel.Error, "Model {Model}: decoding the output failed for one frame of camera {Camera}")]
    public static partial void DecodeFailed(ILogger logger, string model, string camera, Exception exception);
}
