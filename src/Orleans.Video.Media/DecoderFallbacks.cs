namespace Orleans.Video.Media;

/// <summary>
/// Failures a camera works around instead of reporting: hardware decoding that the silo cannot do (decode in
/// software), and an RTSP server that refuses interleaved TCP (use UDP). Read from ffmpeg's own words.
/// </summary>
public static class DecoderFallbacks
{
    /// <summary>ffmpeg could not open the device for <c>-hwaccel</c> (no driver, no GPU, no permission).</summary>
    public static bool HardwareUnavailable(string? error) =>
        error is not null && (error.Contains("Device creation failed", StringComparison.Ordinal)
            || error.Contains("No device available for decoder", StringComparison.Ordinal)
            || error.Contains("hwaccel initialisation returned error", StringComparison.Ordinal));

    /// <summary>The RTSP server answered SETUP with 461 Unsupported Transport: it takes UDP only.</summary>
    public static bool TcpRefused(string? error) =>
        error is not null && (error.Contains("failed: 461", StringComparison.Ordinal) || error.Contains("Unsupported Transport", StringComparison.OrdinalIgnoreCase));
}
