namespace Orleans.Video.Grains;

/// <summary>Fixed-length time buckets, as the per-camera storage grains (detections, recordings) cut time.</summary>
public static class TimeBucket
{
    /// <summary>The start, in Unix seconds, of the bucket of <paramref name="length"/> that holds <paramref name="time"/>.</summary>
    public static long StartOf(DateTimeOffset time, TimeSpan length)
    {
        var seconds = time.ToUnixTimeSeconds();
        var size = (long)length.TotalSeconds;
        // Floor, not truncation: times before 1970 fall into the bucket below, not the one above.
        return seconds - (((seconds % size) + size) % size);
    }
}
