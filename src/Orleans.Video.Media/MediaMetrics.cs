using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Orleans.Video.Media;

/// <summary>Decode-side instruments, tagged by camera; the media storage's disk, by root.</summary>
public static class MediaMetrics
{
    /// <summary>Storage roots this process writes to (one per silo; silos in one process share the instruments).</summary>
    private static readonly ConcurrentDictionary<string, bool> Roots = new();

    static MediaMetrics()
    {
        VideoMeter.Meter.CreateObservableGauge("orleans_video.storage.available", () => Disk(drive => drive.AvailableFreeSpace),
            "By", "Bytes free for recordings on the media storage's disk (Storage:Root)");
        VideoMeter.Meter.CreateObservableGauge("orleans_video.storage.capacity", () => Disk(drive => drive.TotalSize),
            "By", "Size of the media storage's disk (Storage:Root)");
    }

    /// <summary>Reports the disk under <paramref name="root"/> from now on.</summary>
    public static void WatchStorage(string root) => Roots.TryAdd(Path.GetFullPath(root), true);

    private static IEnumerable<Measurement<long>> Disk(Func<DriveInfo, long> read)
    {
        foreach (var root in Roots.Keys)
        {
            long value;
            try
            {
                value = read(new DriveInfo(root));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // A disk that cannot be read is reported by the cameras that record to it; no number here.
                continue;
            }
            yield return new Measurement<long>(value, new KeyValuePair<string, object?>("root", root));
        }
    }

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
