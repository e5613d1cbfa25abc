using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace Orleans.Video.Grains.Placement;

/// <summary>
/// Chooses among the compatible silos those whose metadata says <c>gpu=true</c>, falling back to all of them
/// when none does. Among the candidates the local silo wins (frames then stay in-process), else a random one.
/// </summary>
public sealed class GpuPlacementDirector(ISiloMetadataCache metadata) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        var gpu = compatible.Where(IsGpuSilo).ToArray();
        var candidates = gpu.Length > 0 ? gpu : compatible;
        var chosen = candidates.Contains(context.LocalSilo) ? context.LocalSilo : candidates[Random.Shared.Next(candidates.Length)];
        return Task.FromResult(chosen);
    }

    public bool IsGpuSilo(SiloAddress silo) =>
        metadata.GetSiloMetadata(silo).Metadata.TryGetValue(GpuPlacementStrategy.MetadataKey, out var value)
        && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}
