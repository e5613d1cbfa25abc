namespace Orleans.Video;

/// <summary>
/// One camera's index of recorded segments (key = camera id). Segments are stored in bounded time buckets
/// (<see cref="IRecordingBucketGrain"/>); this grain keeps the list of buckets, answers range queries and applies
/// the camera's retention.
/// </summary>
[Alias("video.IRecordingLogGrain")]
public interface IRecordingLogGrain : IGrainWithStringKey
{
    /// <summary>Indexes finished segments; a segment indexed before (same start) is not added twice.</summary>
    [Alias("Add")]
    Task AddAsync(List<RecordedSegment> segments, RecordConfig record);

    /// <summary>The recorded spans overlapping [from, to), oldest first.</summary>
    [Alias("Spans")]
    Task<List<RecordingSpan>> GetSpansAsync(DateTimeOffset from, DateTimeOffset to);

    /// <summary>The segments overlapping [from, to), oldest first.</summary>
    [Alias("Segments")]
    Task<List<RecordedSegment>> GetSegmentsAsync(DateTimeOffset from, DateTimeOffset to);

    /// <summary>The segment that starts at <paramref name="start"/> (Unix milliseconds, <see cref="RecordedSegment.Key"/>).</summary>
    [Alias("Find")]
    Task<RecordedSegment?> FindAsync(long start);

    /// <summary>How much the camera's recordings hold, and their oldest segment.</summary>
    [Alias("Usage")]
    Task<RecordingUsage> GetUsageAsync();

    /// <summary>
    /// Deletes the camera's oldest segments, files and index entries, until at least <paramref name="bytes"/> are
    /// freed, none is left, or the next starts after <paramref name="through"/> (at least one goes); returns the bytes freed.
    /// </summary>
    [Alias("DeleteOldest")]
    Task<long> DeleteOldestAsync(long bytes, DateTimeOffset through);
}

/// <summary>A camera's recorded segments within one bucket; key = "{cameraId}/{bucketStartUnixSeconds}".</summary>
[Alias("video.IRecordingBucketGrain")]
public interface IRecordingBucketGrain : IGrainWithStringKey
{
    /// <summary>Adds the segments not in the bucket yet; returns the bucket's usage after.</summary>
    [Alias("Add")]
    Task<RecordingUsage> AddAsync(List<RecordedSegment> segments);

    [Alias("Usage")]
    Task<RecordingUsage> GetUsageAsync();

    /// <summary>Every segment in the bucket, oldest first.</summary>
    [Alias("Get")]
    Task<List<RecordedSegment>> GetAsync();

    /// <summary>
    /// Removes segments from the index (their files are the caller's to delete, after this returns); an emptied bucket
    /// clears its state. Returns the bucket's usage after.
    /// </summary>
    [Alias("Remove")]
    Task<RecordingUsage> RemoveAsync(List<long> starts);

    /// <summary>Deletes the bucket's stored state.</summary>
    [Alias("Clear")]
    Task ClearAsync();
}

/// <summary>Recordings in sum: all their bytes, those no event overlaps, and the oldest segment's start.</summary>
[GenerateSerializer, Immutable]
[Alias("video.RecordingUsage")]
public sealed record RecordingUsage(
    [property: Id(0)] long Bytes,
    [property: Id(1)] DateTimeOffset? Oldest,
    [property: Id(2)] long ContinuousBytes = 0);

/// <summary>
/// The cluster's media storage as a whole (one grain, key <see cref="Key"/>): which cameras have recordings, and the
/// cap on their total size and on the disk's free space, enforced oldest segment first across all cameras.
/// </summary>
[Alias("video.IRecordingStoreGrain")]
public interface IRecordingStoreGrain : IGrainWithStringKey
{
    public const string Key = "cluster";

    /// <summary>A camera has recordings: it counts towards the cap from now on.</summary>
    [Alias("Register")]
    Task RegisterAsync(string cameraId);

    /// <summary>Deletes oldest segments until the cap and the free-space minimum hold; returns the bytes deleted.</summary>
    [Alias("Enforce")]
    Task<long> EnforceAsync();

    /// <summary>All recordings together: bytes, and the oldest segment.</summary>
    [Alias("Usage")]
    Task<RecordingUsage> GetUsageAsync();
}
