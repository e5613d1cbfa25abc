using Orleans.Runtime;

namespace Orleans.Video.Grains.Cameras;

[GenerateSerializer]
[Alias("video.CameraRegistryRecord")]
public sealed class CameraRegistryRecord
{
    [Id(0)] public SortedSet<string> Cameras { get; set; } = new(StringComparer.Ordinal);

    /// <summary>What decoding each camera cost when last seen running, in source pixels a second: placement weighs cameras by it.</summary>
    [Id(1)] public Dictionary<string, long> Costs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The active silos as last seen: when none of them is left, the registry is activating after a full restart.</summary>
    [Id(2)] public HashSet<SiloAddress> Silos { get; set; } = [];
}
