namespace Orleans.Video.Client;

/// <summary>
/// A camera flattened for JSON: what the HTTP API returns and the CLI prints with <c>--json</c>, from one
/// definition so the two cannot drift apart. Lists carry the compact status (<see cref="CameraStatus"/>); the fields
/// that need the whole configuration (<see cref="Zones"/>, <see cref="Filter"/>, <see cref="Record"/>, ...) are
/// null there and filled for one camera.
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
    bool? MotionGate,
    long FramesWithoutMotion,
    IReadOnlyList<string> ZoneNames,
    IReadOnlyList<Zone>? Zones,
    DetectionFilter? Filter,
    int TrackedObjects,
    RecordMode RecordMode,
    RecordConfig? Record,
    bool Recording,
    string? RecordingError,
    string? RecordSource,
    RtspTransport? RtspTransport,
    HwAccel? Hwaccel,
    bool? KeyframesOnly,
    string? Warning,
    string? InferenceHost,
    long FrameBytesPerSecond,
    long DecodeCost,
    AlertRules? Alerts = null,
    IReadOnlyList<MotionMask>? MotionMasks = null)
{
    /// <param name="config">The whole configuration, for one camera; null in lists.</param>
    public static CameraView From(CameraStatus status, CameraConfig? config = null) => new(
        status.Id, status.State, status.Source, status.IsConfigured ? status.Fps : null, status.Model, config?.Loop,
        status.FramesDecoded, status.FramesPublished, status.FramesDropped, status.FramesProcessed,
        status.Reconnects, status.LastError, status.Host, status.LastFrameAt, status.SourceWidth, status.SourceHeight,
        config?.MotionGate, status.FramesWithoutMotion,
        status.Zones, config?.ZoneList, config?.Filter, status.TrackedObjects,
        status.RecordMode, config?.Recording, status.Recording, status.RecordingError,
        config?.RecordSource, config?.RtspTransport, config?.Hwaccel,
        config?.KeyframesOnly, status.Warning, status.InferenceHost, status.FrameBytesPerSecond, status.DecodeCost, config?.Alerts, config?.MotionMasks);

    /// <summary>
    /// The view for a key below admin: the sources' passwords masked (<see cref="SourceCredentials"/>), connection
    /// failures reduced to refused or unreachable (<see cref="SourceReachability"/>).
    /// </summary>
    public CameraView WithoutSecrets() => this with
    {
        Source = Source is null ? null : SourceCredentials.Masked(Source),
        RecordSource = RecordSource is null ? null : SourceCredentials.Masked(RecordSource),
        LastError = SourceReachability.ForViewer(LastError),
        RecordingError = SourceReachability.ForViewer(RecordingError),
    };
}
