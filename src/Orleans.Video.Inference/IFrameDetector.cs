namespace Orleans.Video.Inference;

/// <summary>A detector that takes one frame per call (the OpenCV backends); <see cref="OpenCvRunner"/> calls it from one thread.</summary>
internal interface IFrameDetector : IDisposable
{
    /// <summary>The detector's input and output, for the load log.</summary>
    string Input { get; }

    string Output { get; }

    /// <summary>Detects in one frame's letterbox content (<see cref="I420"/>, already checked against <paramref name="letterbox"/>).</summary>
    /// <returns>Detections with boxes in source-frame pixels.</returns>
    IReadOnlyList<Detection> Detect(ReadOnlySpan<byte> planes, Letterbox letterbox);
}
