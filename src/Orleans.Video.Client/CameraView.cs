namespace Orleans.Video.Client;

/// <summary>
/// A camera flattened for JSON: what the HTTP API returns and the CLI prints with <c>--json</c>, from one
/// definition so the two cannot drift apart.
/// </summary>
public sealed record CameraView(
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
    int SourceHeight,
    bool MotionGate,
    long FramesWithoutMotion,
    IReadOnlyList<Zone> Zones,
    DetectionFilter? Filter,
    int TrackedObjects,
    RecordConfig Record,
    bool Recording,
    string? RecordingError,
    string? RecordSource,
    RtspTransport RtspTransport,
    HwAccel Hwaccel,
    bool KeyframesOnly,
    string? Warning,
    string? InferenceHost,
    long FrameBytesPerSecond,
    long DecodeCost)
{
    public static CameraView From(CameraStatus status) => new(
        status.Id, status.State, status.Config?.Source, status.Config?.Fps, status.Config?.Model, status.Config?.Loop,
        status.FramesDecoded, status.FramesPublished, status.FramesDropped, status.FramesProcessed,
        status.Reconnects, status.LastError, status.Host, status.LastFrameAt, status.SourceWidth, status.SourceHeight,
        status.Config?.MotionGate ?? true, status.FramesWithoutMotion,
        status.Config?.ZoneList ?? [], status.Config?.Filter, status.TrackedObjects,
        status.Config?.Recording ?? RecordConfig.Off, status.Recording, status.RecordingError,
        status.Config?.RecordSource, status.Config?.RtspTransport ?? RtspTransport.Auto, status.Config?.Hwaccel ?? HwAccel.None,
        status.Config?.KeyframesOnly ?? false, status.Warning, status.InferenceHost, status.FrameBytesPerSecond, status.DecodeCost);
}
