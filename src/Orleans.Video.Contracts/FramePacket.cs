namespace Orleans.Video;

/// <summary>
/// A sampled, preprocessed frame on its way to inference (<see cref="IInferenceGrain.AnalyseAsync"/>). Only the
/// letterbox content travels, as <see cref="I420"/> (the padding is constant and is added when the tensor is filled),
/// so a 640x360 frame is 338 KiB. Immutable: on the camera's own silo the call hands over the reference, no copy.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("video.FramePacket")]
public sealed record FramePacket
{
    [Id(0)] public required string CameraId { get; init; }

    /// <summary>Unique per camera and increasing: decoder generation in the high 32 bits, frame index in the low 32.</summary>
    [Id(1)] public required long Sequence { get; init; }

    /// <summary>When the frame was captured (decoded), UTC.</summary>
    [Id(2)] public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Position of the frame in the source, from its start (files) or from the connection (live).</summary>
    [Id(3)] public TimeSpan SourceTime { get; init; }

    [Id(4)] public required string Model { get; init; }
    [Id(5)] public required Letterbox Letterbox { get; init; }

    /// <summary>
    /// The <see cref="Letterbox.ContentWidth"/> x <see cref="Letterbox.ContentHeight"/> content as <see cref="I420"/>:
    /// on the camera's silo a buffer of the camera's pool, reused once inference has acknowledged the frame, not before;
    /// on another silo a received buffer, given back when inference has read it (<see cref="FramePlanes.Release"/>).
    /// </summary>
    [Id(6)] public required FramePlanes Planes { get; init; }

    /// <summary>The camera's detection filter: inference drops what it does not keep before storing or streaming.</summary>
    [Id(8)] public DetectionFilter? Filter { get; init; }
}
