namespace Orleans.Video.Grains.Events;

/// <summary>How long events are kept (configuration section "Events"). Open events are never removed.</summary>
public sealed class EventRetentionOptions
{
    public const string Section = "Events";

    /// <summary>Ended events older than this (by their end) are deleted with their snapshots.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Each camera keeps at most this many events; the oldest ended ones go first.</summary>
    public int MaxPerCamera { get; set; } = 1000;

    /// <summary>How often the cluster trims a camera's events by age when nothing else touches them (a reminder: 1 minute at least).</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);
}
