namespace Orleans.Video.Storage.Results;

/// <summary>How detections reach PostgreSQL (configuration section "Detections").</summary>
public sealed class DetectionStorageOptions
{
    public const string Section = "Detections";

    /// <summary>
    /// A camera's detection log appends the frames that came since its last write at most this often rather than
    /// on every frame: one statement a second instead of five. A query writes first, so what a query returned is
    /// stored; a silo killed outright loses at most this much that nobody has seen. Zero writes every frame.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Detections older than this are deleted, a whole day at a time (a day goes once all of it is older); zero
    /// keeps them forever. One database holds one retention: silos sharing it should agree.
    /// </summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(30);
}
