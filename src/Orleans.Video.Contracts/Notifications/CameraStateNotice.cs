namespace Orleans.Video;

/// <summary>A camera's state changed (started, running, reconnecting, failed, stopped), with the reason when there is one.</summary>
[GenerateSerializer, Immutable]
[Alias("video.CameraStateNotice")]
public sealed record CameraStateNotice(
    [property: Id(0)] string CameraId,
    [property: Id(1)] CameraState State,
    [property: Id(2)] string? Error,
    [property: Id(3)] DateTimeOffset At);
