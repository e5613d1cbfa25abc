namespace Orleans.Video.Grains.Detections;

/// <summary>One frame's detections as a bucket stores them.</summary>
[GenerateSerializer, Immutable]
[Alias("video.StoredFrame")]
public sealed record StoredFrame(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset Timestamp,
    [property: Id(2)] Detection[] Detections);

[GenerateSerializer]
[Alias("video.DetectionBucketRecord")]
public sealed class DetectionBucketRecord
{
    /// <summary>Sorted by sequence, ascending.</summary>
    [Id(0)] public List<StoredFrame> Frames { get; set; } = [];
}

[GenerateSerializer]
[Alias("video.DetectionLogRecord")]
public sealed class DetectionLogRecord
{
    /// <summary>Start (unix seconds) of every bucket that holds detections.</summary>
    [Id(0)] public SortedSet<long> Buckets { get; set; } = [];
}
