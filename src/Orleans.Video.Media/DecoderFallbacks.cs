namespace Orleans.Video.Media;

/// <summary>
/// Failures a camera works around instead of reporting, read from ffmpeg's own words: hardware decoding that the silo
/// cannot do (decode in software). An RTSP camera that gives no video over one transport needs no words: auto tries
/// the other (<see cref="CameraPipeline"/>).
/// </summary>
public static class DecoderFallbacks
{
    /// <summary>ffmpeg could not open the device for <c>-hwaccel</c> (no driver, no GPU, no permission).</summary>
    public static bool HardwareUnavailable(string? error) =>
        error is not null && (error.Contains("Device creation failed", StringComparison.Ordinal)
            || error.Contains("No device available for decoder", StringComparison.Ordinal)
            || error.Contains("hwaccel initialisation returned error", StringComparison.Ordinal));
}
