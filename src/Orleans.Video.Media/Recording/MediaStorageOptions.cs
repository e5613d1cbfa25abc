namespace Orleans.Video.Media;

/// <summary>Where recordings and pictures are kept (configuration section "Storage").</summary>
public sealed class MediaStorageOptions
{
    public const string Section = "Storage";

    /// <summary>
    /// The media storage root: one folder that every silo sees at the same path (a local folder on one machine,
    /// a shared volume in compose, a ReadWriteMany volume in Kubernetes). Empty: nothing is recorded.
    /// </summary>
    public string Root { get; set; } = "";

    /// <summary>Length of a recording segment. Stream copy cuts at keyframes only, so a segment is at least one keyframe interval.</summary>
    public TimeSpan SegmentLength { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// Finished segments are indexed in batches this often. Fewer, larger writes to PostgreSQL; a crash loses none
    /// (a session's segment list on disk is recovered). Playback of the last moments waits for this.
    /// </summary>
    public TimeSpan IndexInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>All recordings together may use at most this many bytes; the oldest segments go first. 0: no cap.</summary>
    public long MaxBytes { get; set; }

    /// <summary>Recording stops (with an error on the camera) and the oldest segments are deleted while the root's disk has less free space than this.</summary>
    public long MinFreeBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>The longest clip one request may export.</summary>
    public TimeSpan MaxClipLength { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The longest range one playback playlist may cover.</summary>
    public TimeSpan MaxPlaylistLength { get; set; } = TimeSpan.FromHours(24);

    public bool Enabled => !string.IsNullOrWhiteSpace(Root);
}
