namespace Orleans.Video.Grains.Events;

/// <summary>
/// One event's snapshot: where it lies in media storage, or, without media storage (or when writing there failed),
/// the JPEG itself.
/// </summary>
[GenerateSerializer]
[Alias("video.EventSnapshotRecord")]
public sealed class EventSnapshotRecord
{
    [Id(0)] public byte[]? Jpeg { get; set; }

    /// <summary>Relative to the media storage root.</summary>
    [Id(1)] public string? File { get; set; }
}
