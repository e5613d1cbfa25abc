namespace Orleans.Video;

/// <summary>Where a camera's decoder is in its life.</summary>
[GenerateSerializer]
[Alias("video.CameraState")]
public enum CameraState
{
    Stopped = 0,
    Starting = 1,
    Running = 2,
    Reconnecting = 3,
    Failed = 4,
}
