namespace Orleans.Video.Media;

/// <summary>
/// The video codecs a recording can hold. ffmpeg's MPEG-TS muxer takes anything, but writes codecs it has no mapping
/// for (MJPEG, VP8, VP9, …) as private data that no player reads back: a recording that looks fine and shows nothing.
/// </summary>
public static class RecordingCodecs
{
    private static readonly HashSet<string> Recordable = new(StringComparer.OrdinalIgnoreCase) { "h264", "hevc" };

    /// <summary>Why a source in <paramref name="codec"/> cannot be recorded, or null when it can.</summary>
    public static string? Refusal(string codec) =>
        Recordable.Contains(codec) ? null
        : $"recording: the source's video is {(codec.Length > 0 ? codec : "of an unknown codec")}; recordings hold H.264 or H.265 (set the camera to one of them). Detection goes on without recording";
}
