using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Orleans.Video.Grains.Placement;

/// <summary>Which active silos advertise <c>gpu=true</c>, from this silo's view of membership and silo metadata.</summary>
public sealed class GpuSilos(IClusterMembershipService membership, ISiloMetadataCache metadata)
{
    public bool IsGpuSilo(SiloAddress silo) =>
        metadata.GetSiloMetadata(silo).Metadata.TryGetValue(GpuPlacementStrategy.MetadataKey, out var value)
        && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    public bool AnyActive() =>
        membership.CurrentSnapshot.Members.Values.Any(member => member.Status == SiloStatus.Active && IsGpuSilo(member.SiloAddress));
}
