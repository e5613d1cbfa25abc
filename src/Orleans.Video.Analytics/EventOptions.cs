namespace Orleans.Video.Analytics;

/// <summary>Which tracks are worth an event (configuration section <see cref="Section"/>).</summary>
public sealed class EventOptions
{
    public const string Section = "Events";

    /// <summary>
    /// A track makes events only once it has lasted this long (and its median score is over the model's
    /// <c>EventThreshold</c>): shorter ones are flickers, a person half seen at the edge, a shadow. Their detections
    /// stay stored. Longer sends fewer false events and every real one that much later; zero keeps every track.
    /// </summary>
    public TimeSpan MinDuration { get; set; } = TimeSpan.FromSeconds(1);
}
