namespace Orleans.Video.Grains.Recordings;

/// <summary>
/// Recorded segments are indexed in buckets of this length per camera. Ten minutes keeps a bucket's stored state
/// to about 150 segments (some 20 KB), rewritten as segments are added; an hour would be six times that, each time.
/// </summary>
public static class RecordingBucket
{
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(10);

    public static long StartOf(DateTimeOffset time) => TimeBucket.StartOf(time, Length);

    public static DateTimeOffset EndOf(long bucketStart) => DateTimeOffset.FromUnixTimeSeconds(bucketStart) + Length;

    public static string Key(string cameraId, long bucketStart) => $"{cameraId}/{bucketStart}";
}
