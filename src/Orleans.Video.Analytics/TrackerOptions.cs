using System.ComponentModel.DataAnnotations;

namespace Orleans.Video.Analytics;

/// <summary>How detections become tracks (configuration section <see cref="Section"/>).</summary>
public sealed class TrackerOptions
{
    public const string Section = "Tracking";

    /// <summary>A detection continues a track when its box overlaps the track's predicted box by at least this IoU.</summary>
    [Range(0.01, 1.0)]
    public double MatchIou { get; set; } = 0.3;

    /// <summary>A track becomes an object (and makes an "appeared" event) after this many detections: one-frame flickers make none.</summary>
    [Range(1, 100)]
    public int MinHits { get; set; } = 2;

    /// <summary>An object is gone after this many analysed frames without it…</summary>
    [Range(1, 1000)]
    public int MaxMissedFrames { get; set; } = 3;

    /// <summary>…and this long since it was last seen, so a few missed or dropped frames do not split a track.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan LostAfter { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>An event's snapshot is replaced when a later detection scores at least this much better.</summary>
    [Range(0.0, 1.0)]
    public double SnapshotImprovement { get; set; } = 0.05;
}
