using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Orleans.Video.Grains.Cameras;

/// <summary>Instruments of the camera grains, tagged by camera.</summary>
internal static class CameraMetrics
{
    public static readonly Counter<long> FrameBytesSent =
        VideoMeter.Meter.CreateCounter<long>("orleans_video.frames.sent", "By",
            "Bytes of frames sent to inference; network=true when inference runs on another silo, so they cross the network");

    /// <summary>The registry's sweeps on this silo, started and completed: a sweep that starts and never completes waits on a silo.</summary>
    public static readonly Counter<long> Sweeps =
        VideoMeter.Meter.CreateCounter<long>("orleans_video.registry.sweeps", "{sweep}",
            "The camera planner's sweeps (every camera run or asked, then rebalancing), by stage: started, completed; the name predates the planner");

    /// <summary>The cameras this silo runs, and whether each is running (receiving frames) now.</summary>
    private static readonly ConcurrentDictionary<string, CameraState> States = new();

    /// <summary>The cameras this silo runs that are set to record, and whether each records now.</summary>
    private static readonly ConcurrentDictionary<string, bool> Recording = new();

    static CameraMetrics()
    {
        VideoMeter.Meter.CreateObservableGauge("orleans_video.camera.running", () =>
            States.Select(s => new Measurement<int>(s.Value == CameraState.Running ? 1 : 0, Camera(s.Key))),
            "{camera}", "1 while a camera that should run is running, 0 while it starts, reconnects or has failed; stopped cameras are not listed");
        VideoMeter.Meter.CreateObservableGauge("orleans_video.camera.recording", () =>
            Recording.Select(r => new Measurement<int>(r.Value ? 1 : 0, Camera(r.Key))),
            "{camera}", "1 while a camera set to record writes segments, 0 while its recording is paused (a full or missing disk, a codec it cannot keep: its recordingError says which); other cameras are not listed");
    }

    /// <summary>Records whether a running camera records; null when it is not set to (or stopped), which leaves the gauge.</summary>
    public static void SetRecording(string cameraId, bool? recording)
    {
        if (recording is { } value)
        {
            Recording[cameraId] = value;
        }
        else
        {
            Recording.TryRemove(cameraId, out _);
        }
    }

    /// <summary>Records a camera's state on this silo; a stopped camera leaves the gauge (it is not down, it is off).</summary>
    public static void SetState(string cameraId, CameraState state)
    {
        if (state == CameraState.Stopped)
        {
            States.TryRemove(cameraId, out _);
        }
        else
        {
            States[cameraId] = state;
        }
    }

    public static KeyValuePair<string, object?> Camera(string cameraId) => new("camera", cameraId);

    public static KeyValuePair<string, object?> Network(bool crosses) => new("network", crosses ? "true" : "false");
}
