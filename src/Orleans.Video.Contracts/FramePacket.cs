namespace Orleans.Video;

/// <summary>
/// A sampled, preprocessed frame on its way to inference. Only the letterbox content travels, as <see cref="I420"/>
/// (the padding is constant and is added when the tensor is filled), so a 640x360 frame is 338 KiB: well under the
/// memory stream provider's 1 MiB item limit.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("video.FramePacket")]
public sealed record FramePacket
{
    /// <summary>Largest <see cref="Planes"/> that still fits a stream item (the provider refuses items over 1 MiB).</summary>
    public const int MaxPlanesBytes = 1_000_000;

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
    /// The <see cref="Letterbox.ContentWidth"/> x <see cref="Letterbox.ContentHeight"/> content as <see cref="I420"/>;
    /// empty when the pixels were handed over in-process (<see cref="LocalHandle"/>).
    /// </summary>
    [Id(6)] public required byte[] Planes { get; init; }

    /// <summary>
    /// Set when camera and inference run on the same silo: the pixels wait in that silo's frame exchange under this
    /// handle instead of being serialized through the stream (338 KiB a frame, twice).
    /// </summary>
    [Id(7)] public long? LocalHandle { get; init; }

    /// <summary>The camera's detection filter: inference drops what it does not keep before storing or streaming.</summary>
    [Id(8)] public DetectionFilter? Filter { get; init; }

    /// <summary>The error an inference grain reports for a handed-over frame it cannot find: it is not on the camera's silo.</summary>
    public const string NotLocal = "frame handed over in-process, but inference runs on another silo";
}
