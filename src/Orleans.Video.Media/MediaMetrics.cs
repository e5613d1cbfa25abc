using System.Diagnostics.Metrics;

namespace Orleans.Video.Media;

/// <summary>Decode-side instruments, tagged by camera.</summary>
internal static class MediaMetrics
{
    public static readonly Counter<long> FramesDecoded =
        VideoMeter.Meter.CreateCounter<long>("orleans_video.frames.decoded", "{frame}", "Frames decoded by ffmpeg");

    public static readonly Counter<long> FramesDropped =
        VideoMeter.Meter.CreateCounter<long>("orleans_video.frames.dropped", "{frame}", "Sampled frames dropped because inference was behind or lost them");

    public static readonly Counter<long> FramesWithoutMotion =
        VideoMeter.Meter.CreateCounter<long>("orleans_video.frames.without_motion", "{frame}", "Sampled frames the motion gate kept from the detector");

    public static readonly Counter<long> Reconnects =
        VideoMeter.Meter.CreateCounter<long>("orleans_video.decoder.reconnects", "{reconnect}", "Decoder restarts after a failure or an end of stream");

    public static KeyValuePair<string, object?> Camera(string cameraId) => new("camera", cameraId);
}
