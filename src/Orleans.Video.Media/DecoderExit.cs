namespace Orleans.Video.Media;

public enum DecoderExitKind
{
    /// <summary>The caller cancelled.</summary>
    Cancelled,

    /// <summary>A file source reached its end.</summary>
    EndOfStream,

    /// <summary>ffmpeg failed, could not open the source, or stalled.</summary>
    Failed,
}

/// <summary>How a decoder run ended; <see cref="Error"/> carries ffmpeg's last stderr lines on failure.</summary>
/// <param name="RecordingRefused">Why the source cannot be recorded (its codec): decode it again without recording.</param>
/// <param name="LiveRefused">Why the source cannot be remuxed for live view (its codec): decode it again without live video.</param>
public sealed record DecoderExit(DecoderExitKind Kind, long Frames, string? Error = null, string? RecordingRefused = null, string? LiveRefused = null);
