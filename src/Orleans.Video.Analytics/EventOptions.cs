namespace Orleans.Video.Analytics;

/// <summary>
/// Events (configuration section <see cref="Section"/>): which tracks are worth one, and how long they are kept. Open
/// events are never removed.
/// </summary>
public sealed class EventOptions
{
    public const string Section = "Events";

    /// <summary>The longest age a retention may keep: longer is certainly a mistake, and "now minus the age" must stay a date.</summary>
    public static readonly TimeSpan LongestMaxAge = TimeSpan.FromDays(36_500);

    /// <summary>
    /// A track makes events only once it has lasted this long (and its median score is over the model's
    /// <c>EventThreshold</c>): shorter ones are flickers, a person half seen at the edge, a shadow. Their detections
    /// stay stored. Longer sends fewer false events and every real one that much later; zero keeps every track.
    /// </summary>
    public TimeSpan MinDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Ended events older than this (by their end) are deleted with their snapshots.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Each camera keeps at most this many events; the oldest ended ones go first.</summary>
    public int MaxPerCamera { get; set; } = 1000;

    /// <summary>How often the cluster trims a camera's events by age when nothing else touches them (a reminder: 1 minute at least).</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);
}
