namespace Orleans.Video.Grains.Results;

// How detections and events were stored before they were appended to tables of their own: as grain state in the
// "video" storage (orleans_storage), a one-minute bucket of frames per row and a camera's whole event list per row.
// Kept only so ResultsMigration can read such rows; the aliases and ids must stay as they were written.

/// <summary>One frame's detections as a one-minute bucket stored them (state "detections").</summary>
[GenerateSerializer, Immutable]
[Alias("video.StoredFrame")]
public sealed record LegacyStoredFrame(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset Timestamp,
    [property: Id(2)] Detection[] Detections);

/// <summary>A camera's detections within one minute, key "{camera}/{minuteStartUnixSeconds}".</summary>
[GenerateSerializer]
[Alias("video.DetectionBucketRecord")]
public sealed class LegacyDetectionBucket
{
    [Id(0)] public List<LegacyStoredFrame> Frames { get; set; } = [];
}

/// <summary>A camera's events without their snapshots (state "events"), key = camera.</summary>
[GenerateSerializer]
[Alias("video.EventLogRecord")]
public sealed class LegacyEventLog
{
    [Id(0)] public List<VideoEvent> Events { get; set; } = [];
}
