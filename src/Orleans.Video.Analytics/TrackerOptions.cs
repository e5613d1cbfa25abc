namespace Orleans.Video.Analytics;

/// <summary>
/// How detections become tracks (configuration section <see cref="Section"/>). Each setting trades one kind of
/// mistake for another; <c>docs/tracking.md</c> has what each costs and how it was measured.
/// </summary>
public sealed class TrackerOptions
{
    public const string Section = "Tracking";

    /// <summary>
    /// A detection continues a track when its box overlaps the track's predicted box by at least this IoU. Lower
    /// follows fast or jittery objects better; higher keeps two objects side by side from swapping tracks.
    /// </summary>
    public double MatchIou { get; set; } = 0.3;

    /// <summary>
    /// A track becomes an object after this many detections: one-frame flickers make none. Higher drops more false
    /// detections and follows each object that many frames later.
    /// </summary>
    public int MinHits { get; set; } = 2;

    /// <summary>An object is gone after this many analysed frames without it (and <see cref="ReconnectWithin"/>).</summary>
    public int MaxMissedFrames { get; set; } = 3;

    /// <summary>
    /// An object not detected for a while is kept this long since it was last seen: a detection of the same label near
    /// where it should be by now (its last velocity carried on) takes up its track again instead of starting a new one.
    /// Longer holds tracks through longer occlusions and misses, ends events that much later when the object really
    /// left, and lets a different object nearby take up a lost one's track.
    /// </summary>
    public TimeSpan ReconnectWithin { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// An object whose box has stayed in place this long (a parked car, a bag) is stationary: it stays tracked, and its
    /// object event ends, as do its events in zones that do not ask for stationary objects (<see cref="Zone.KeepStationary"/>,
    /// loitering). Zero: never. Shorter ends events of people who merely stand still; longer keeps parked cars' open.
    /// </summary>
    public TimeSpan StationaryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Zones that do not set their own <see cref="Zone.Inertia"/>: an object enters after its anchor was inside for
    /// this many analysed frames in a row and leaves after as many outside. Higher ignores longer wobbles at a zone's
    /// edge and dates entries and exits as before, but misses visits shorter than that many frames.
    /// </summary>
    public int ZoneInertia { get; set; } = 3;

    /// <summary>An event's snapshot is replaced when a later detection scores at least this much better.</summary>
    public double SnapshotImprovement { get; set; } = 0.05;
}
