namespace Orleans.Video.Grains.Detections;

/// <summary>Detections are stored in buckets of this length per camera, which bounds each grain's state.</summary>
public static class DetectionBucket
{
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(1);

    public static long StartOf(DateTimeOffset timestamp) => TimeBucket.StartOf(timestamp, Length);

    public static string Key(string cameraId, long bucketStart) => $"{cameraId}/{bucketStart}";

    public static DateTimeOffset EndOf(long bucketStart) => DateTimeOffset.FromUnixTimeSeconds(bucketStart) + Length;

    /// <summary>Whether everything in the bucket is older than <paramref name="maxAge"/> (zero: nothing ever expires).</summary>
    public static bool IsExpired(long bucketStart, TimeSpan maxAge, DateTimeOffset now) =>
        maxAge > TimeSpan.Zero && EndOf(bucketStart) < now - maxAge;
}
