namespace Orleans.Video.Grains.Recordings;

/// <summary>Stored state of a <see cref="RecordingBucketGrain"/>: its segments, oldest first.</summary>
[GenerateSerializer]
[Alias("video.RecordingBucketRecord")]
public sealed class RecordingBucketRecord
{
    [Id(0)] public List<RecordedSegment> Segments { get; set; } = [];
}

/// <summary>Stored state of a <see cref="RecordingLogGrain"/>: its buckets' starts, oldest first, and the camera's retention.</summary>
[GenerateSerializer]
[Alias("video.RecordingLogRecord")]
public sealed class RecordingLogRecord
{
    [Id(0)] public List<long> Buckets { get; set; } = [];
    [Id(1)] public RecordConfig? Record { get; set; }
}

/// <summary>Stored state of the <see cref="RecordingStoreGrain"/>: the cameras that have recordings.</summary>
[GenerateSerializer]
[Alias("video.RecordingStoreRecord")]
public sealed class RecordingStoreRecord
{
    [Id(0)] public List<string> Cameras { get; set; } = [];
}
