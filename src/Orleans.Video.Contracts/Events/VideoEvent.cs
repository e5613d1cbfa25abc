namespace Orleans.Video;

/// <summary>Something a camera saw that an operator acts on: an object appearing, entering a zone, loitering.</summary>
[GenerateSerializer, Immutable]
[Alias("video.VideoEvent")]
public sealed record VideoEvent
{
    [Id(0)] public required string CameraId { get; init; }

    /// <summary>Unique within the camera: the track id, the kind and, for zone events, the zone and the visit number.</summary>
    [Id(1)] public required string Id { get; init; }

    [Id(2)] public required EventKind Kind { get; init; }
    [Id(3)] public required string Label { get; init; }

    /// <summary>The tracked object; unique per camera across decoder restarts (see <see cref="FrameSequence"/>).</summary>
    [Id(4)] public required long TrackId { get; init; }

    /// <summary>The zone, for <see cref="EventKind.Zone"/> and <see cref="EventKind.Loiter"/> events.</summary>
    [Id(5)] public string? Zone { get; init; }

    /// <summary>When the object was first seen (appeared, entered the zone); frame capture time, UTC.</summary>
    [Id(6)] public required DateTimeOffset Start { get; init; }

    /// <summary>When it ended (left, left the zone, track lost, camera stopped); null while it lasts.</summary>
    [Id(7)] public DateTimeOffset? End { get; init; }

    /// <summary>The best detection score of the object during the event, and where it was then (source pixels).</summary>
    [Id(8)] public float BestScore { get; init; }
    [Id(9)] public Box BestBox { get; init; }

    /// <summary>The frame of the best detection; its annotated JPEG is the event's snapshot.</summary>
    [Id(10)] public long BestSequence { get; init; }

    [Id(11)] public bool HasSnapshot { get; init; }

    /// <summary>Last time the object was seen during the event.</summary>
    [Id(12)] public DateTimeOffset LastSeen { get; init; }

    /// <summary>The short number people see (<c>#17</c>): counts the camera's tracks, restarts never reuse one. 0 in events stored before it existed.</summary>
    [Id(13)] public long TrackNumber { get; init; }

    public bool IsOpen => End is null;

    /// <summary>The number people are shown (<c>#17</c>): <see cref="TrackNumber"/>, or for events stored before it, the track's count within its decoder run.</summary>
    public long ShownTrackNumber => TrackNumber > 0 ? TrackNumber : FrameSequence.FrameIndex(TrackId);
}
