namespace Orleans.Video.Grains.Detections;

/// <summary>How detections reach PostgreSQL (configuration section "Detections").</summary>
public sealed class DetectionStorageOptions
{
    public const string Section = "Detections";

    /// <summary>
    /// A bucket writes its frames at most this often instead of on every frame: a bucket is rewritten whole, so
    /// per-frame writes cost a minute's worth of rows per frame. A query writes first, so what a query returned
    /// is stored; a silo killed outright loses at most this much that nobody has seen. Zero writes every frame.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Detections older than this are deleted (whole one-minute buckets); zero keeps them forever.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(30);
}
