using Orleans.Runtime;

namespace Orleans.Video.Grains.Cluster;

[GenerateSerializer]
[Alias("video.CameraPlannerRecord")]
public sealed class CameraPlannerRecord
{
    /// <summary>What decoding each camera cost when last seen running, in source pixels a second: placement weighs cameras by it.</summary>
    [Id(0)] public Dictionary<string, long> Costs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The active silos as last seen: when none of them is left, the planner is activating after a full restart.</summary>
    [Id(1)] public HashSet<SiloAddress> Silos { get; set; } = [];
}
