namespace Orleans.Video.Grains;

/// <summary>How the silo's stream queues are read (configuration section "Streams").</summary>
public sealed class StreamOptions
{
    public const string Section = "Streams";

    /// <summary>
    /// How often a stream queue is read for new items: the latency each stream hop adds, on average half of it.
    /// Each queue's agent reads on this timer whether or not anything arrived.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(25);
}
