namespace Orleans.Video;

/// <summary>
/// One camera's persisted detections (key = camera id). Detections are stored in bounded time buckets
/// (<see cref="IDetectionBucketGrain"/>); this grain keeps the index of buckets, answers queries and deletes
/// buckets older than the retention age.
/// </summary>
[Alias("video.IDetectionLogGrain")]
public interface IDetectionLogGrain : IGrainWithStringKey
{
    /// <summary>Stores a frame's detections; storing the same frame (camera + sequence) again changes nothing.</summary>
    [Alias("Append")]
    Task AppendAsync(FrameDetections frame);

    [Alias("Query")]
    Task<DetectionPage> QueryAsync(DetectionQuery query);
}

/// <summary>The detections of one camera in one time bucket; key = "{cameraId}/{bucketStartUnixSeconds}".</summary>
[Alias("video.IDetectionBucketGrain")]
public interface IDetectionBucketGrain : IGrainWithStringKey
{
    /// <summary>Adds a frame unless a frame with the same sequence is already stored.</summary>
    [Alias("Append")]
    Task AppendAsync(FrameDetections frame);

    /// <summary>Matching detections, newest first, at most <see cref="DetectionQuery.Limit"/>.</summary>
    [Alias("Query")]
    Task<IReadOnlyList<DetectionRecord>> QueryAsync(DetectionQuery query);

    /// <summary>Deletes the bucket (retention): its row goes from storage.</summary>
    [Alias("Clear")]
    Task ClearAsync();
}
