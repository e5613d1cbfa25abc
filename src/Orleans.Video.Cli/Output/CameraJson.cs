namespace Orleans.Video.Cli.Output;

/// <summary>A camera as <c>--json</c> shows it: the same fields as the HTTP API's camera view.</summary>
internal sealed record CameraJson(
    string Id,
    CameraState State,
    string? Source,
    double? Fps,
    string? Model,
    bool? Loop,
    long FramesDecoded,
    long FramesPublished,
    long FramesDropped,
    long FramesProcessed,
    int Reconnects,
    string? LastError,
    string? Host,
    DateTimeOffset? LastFrameAt,
    int SourceWidth,
    int SourceHeight)
{
    public static CameraJson From(CameraStatus status) => new(
        status.Id, status.State, status.Config?.Source, status.Config?.Fps, status.Config?.Model, status.Config?.Loop,
        status.FramesDecoded, status.FramesPublished, status.FramesDropped, status.FramesProcessed,
        status.Reconnects, status.LastError, status.Host, status.LastFrameAt, status.SourceWidth, status.SourceHeight);
}
