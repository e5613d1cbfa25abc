namespace Orleans.Video;

/// <summary>Names of the stream provider and the stream namespaces the system publishes on.</summary>
public static class StreamNames
{
    /// <summary>The stream provider registered on every silo and client.</summary>
    public const string Provider = "video";

    /// <summary>Live detections (<see cref="FrameDetections"/>), one stream per camera id.</summary>
    public const string Detections = "detections";

    /// <summary>Live events (<see cref="VideoEvent"/>, each time one starts, improves or ends, and every 10 s while it lasts), one stream per camera id.</summary>
    public const string Events = "events";
}
