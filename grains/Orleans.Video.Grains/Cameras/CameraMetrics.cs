using System.Diagnostics.Metrics;

namespace Orleans.Video.Grains.Cameras;

/// <summary>Instruments of the camera grains, tagged by camera.</summary>
internal static class CameraMetrics
{
    public static readonly Counter<long> FrameBytesSent =
        VideoMeter.Meter.CreateCounter<long>("orleans_video.frames.sent", "By",
            "Bytes of frames sent to inference; network=true when inference runs on another silo, so they cross the network");

    public static KeyValuePair<string, object?> Camera(string cameraId) => new("camera", cameraId);

    public static KeyValuePair<string, object?> Network(bool crosses) => new("network", crosses ? "true" : "false");
}
