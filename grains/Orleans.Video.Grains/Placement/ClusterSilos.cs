using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Video.Grains.Cluster;

namespace Orleans.Video.Grains.Placement;

/// <summary>The active silos and the cores each advertises in its silo metadata, from this silo's view of membership.</summary>
public sealed class ClusterSilos(IClusterMembershipService membership, ISiloMetadataCache metadata)
{
    /// <summary>The silo metadata key for the cores a silo has for decoding (<see cref="Environment.ProcessorCount"/>).</summary>
    public const string CoresKey = "cores";

    public IReadOnlyList<SiloShare> Active() =>
        [.. membership.CurrentSnapshot.Members.Values
            .Where(member => member.Status == SiloStatus.Active)
            .Select(member => new SiloShare(member.SiloAddress, Cores(member.SiloAddress)))];

    /// <summary>Changes with every membership change: a joining, leaving or dying silo.</summary>
    public MembershipVersion Version => membership.CurrentSnapshot.Version;

    /// <summary>Silos on their way in (created or joining, not yet active).</summary>
    public bool AnyJoining => membership.CurrentSnapshot.Members.Values.Any(member => member.Status is SiloStatus.Created or SiloStatus.Joining);

    private int Cores(SiloAddress silo) =>
        metadata.GetSiloMetadata(silo).Metadata.TryGetValue(CoresKey, out var value) && int.TryParse(value, out var cores) && cores > 0 ? cores : 1;
}
