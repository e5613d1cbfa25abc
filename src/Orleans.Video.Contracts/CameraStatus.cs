namespace Orleans.Video;

/// <summary>
/// A camera's state and counters, as its grain sees them now, with a summary of its configuration: compact, since
/// lists and sweeps ask every camera for it. The whole configuration (zones, filter, recording) comes from
/// <see cref="ICameraGrain.GetConfigAsync"/>.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("video.CameraStatus")]
public sealed record CameraStatus
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public CameraState State { get; init; }

    // Id 2 was the whole CameraConfig, sent on every status call; it is not to be reused.

    [Id(3)] public long FramesDecoded { get; init; }
    [Id(4)] public long FramesPublished { get; init; }
    [Id(5)] public long FramesDropped { get; init; }
    [Id(6)] public long FramesProcessed { get; init; }
    [Id(7)] public int Reconnects { get; init; }

    /// <summary>The last failure, with ffmpeg's last stderr lines when the decoder failed.</summary>
    [Id(8)] public string? LastError { get; init; }

    /// <summary>The silo hosting the camera grain and its decoder.</summary>
    [Id(9)] public string? Host { get; init; }

    [Id(10)] public DateTimeOffset? LastFrameAt { get; init; }
    [Id(11)] public int SourceWidth { get; init; }
    [Id(12)] public int SourceHeight { get; init; }

    /// <summary>The hosting silo's address, for placement decisions (<see cref="Host"/> is its readable form).</summary>
    [Id(13)] public SiloAddress? Silo { get; init; }

    /// <summary>Sampled frames the motion gate kept from the detector because nothing moved.</summary>
    [Id(14)] public long FramesWithoutMotion { get; init; }

    /// <summary>Objects the camera is following now (confirmed tracks).</summary>
    [Id(15)] public int TrackedObjects { get; init; }

    /// <summary>The decoder is writing the camera's recording now.</summary>
    [Id(16)] public bool Recording { get; init; }

    /// <summary>Why a camera set to record is not recording (storage missing, not writable or full; a codec it cannot hold); detection goes on regardless.</summary>
    [Id(17)] public string? RecordingError { get; init; }

    /// <summary>Something the camera works around (hardware decoding unavailable, decoding in software).</summary>
    [Id(18)] public string? Warning { get; init; }

    /// <summary>
    /// Bytes a second of frames sent to inference, over the last seconds: the model's input in I420 (1.5 bytes a
    /// pixel) times the analysed fps. They cross the network when <see cref="InferenceHost"/> is not <see cref="Host"/>.
    /// </summary>
    [Id(19)] public long FrameBytesPerSecond { get; init; }

    /// <summary>The silo that runs the camera's inference, as last seen (null before it answered).</summary>
    [Id(20)] public string? InferenceHost { get; init; }

    /// <summary>What decoding the camera costs, in source pixels a second; 0 before its first frame. Cameras are balanced by it.</summary>
    [Id(21)] public long DecodeCost { get; init; }

    /// <summary>The configured source, model and analysed fps; null (0) when the camera is not configured (removed).</summary>
    [Id(22)] public string? Source { get; init; }
    [Id(23)] public string? Model { get; init; }
    [Id(24)] public double Fps { get; init; }

    /// <summary>The names of the camera's zones.</summary>
    [Id(25)] public IReadOnlyList<string> Zones { get; init; } = [];

    /// <summary>What the camera is set to record.</summary>
    [Id(26)] public RecordMode RecordMode { get; init; }

    /// <summary>Whether the camera has a configuration; false once removed.</summary>
    public bool IsConfigured => Model is not null;
}
