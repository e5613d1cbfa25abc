namespace Orleans.Video.Silo.Api;

/// <summary>A camera as the HTTP API shows it.</summary>
public sealed record CameraView(
    string Id,
    CameraState State,
    string? Source,
    double? Fps,
    string? Model,
    long FramesDecoded,
    long FramesPublished,
    long FramesDropped,
    long FramesProcessed,
    int Reconnects,
    string? LastError,
    string? Host,
    DateTimeOffset? LastFrameAt,
    int SourceWidth,
    int SourceHeight,
    bool MotionGate,
    long FramesWithoutMotion)
{
    public static CameraView From(CameraStatus status) => new(
        status.Id, status.State, status.Config?.Source, status.Config?.Fps, status.Config?.Model,
        status.FramesDecoded, status.FramesPublished, status.FramesDropped, status.FramesProcessed,
        status.Reconnects, status.LastError, status.Host, status.LastFrameAt, status.SourceWidth, status.SourceHeight,
        status.Config?.MotionGate ?? true, status.FramesWithoutMotion);
}
