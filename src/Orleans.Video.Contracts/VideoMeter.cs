using System.Diagnostics.Metrics;

namespace Orleans.Video;

/// <summary>
/// The product's one meter: every instrument of the decoders and the inference engines is made on it. Exporters
/// subscribe to it by <see cref="Name"/>, next to Orleans' <c>Microsoft.Orleans</c> meter. Instruments follow
/// Prometheus' conventions once exported: base units (durations in seconds) and a description on each.
/// </summary>
public static class VideoMeter
{
    public const string Name = "Orleans.Video";

    public static Meter Meter { get; } = new(Name);
}
