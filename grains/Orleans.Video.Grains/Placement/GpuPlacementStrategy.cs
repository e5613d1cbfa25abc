using Orleans.Placement;
using Orleans.Runtime;

namespace Orleans.Video.Grains.Placement;

/// <summary>Place on a silo that advertises <c>gpu=true</c> in its silo metadata; any silo when none does.</summary>
[GenerateSerializer, Immutable]
[Alias("video.GpuPlacementStrategy")]
public sealed class GpuPlacementStrategy : PlacementStrategy
{
    /// <summary>The silo metadata key a GPU silo sets to "true".</summary>
    public const string MetadataKey = "gpu";

    public static readonly GpuPlacementStrategy Instance = new();
}

/// <summary>Marks a grain class for <see cref="GpuPlacementStrategy"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class GpuPlacementAttribute() : PlacementAttribute(GpuPlacementStrategy.Instance);
