using System.Globalization;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Video.Grains.Cluster;

namespace Orleans.Video.Grains.Placement;

/// <summary>
/// The active silos as camera placement weighs them, from this silo's view of membership and the silo metadata each
/// advertises: its cores, its decode capacity, and whether it takes cameras first (a GPU silo with
/// <see cref="CameraClusterOptions.DecodeOnGpuSilos"/>). Only silos this silo can place grains on count: one that has
/// just joined is active a moment before this silo has its manifest (the grains it hosts).
/// </summary>
public sealed class ClusterSilos(
    IClusterMembershipService membership,
    ISiloMetadataCache metadata,
    IClusterManifestProvider manifests,
    GpuSilos gpuSilos,
    IOptions<CameraClusterOptions> options)
{
    /// <summary>The silo metadata key for the cores a silo has for decoding (<see cref="Environment.ProcessorCount"/>).</summary>
    public const string CoresKey = "cores";

    /// <summary>The silo metadata key for the source pixels a second a silo's decoders take at most (0: no limit).</summary>
    public const string DecodeCapacityKey = "decode-capacity";

    public IReadOnlyList<SiloShare> Active() =>
        [.. membership.CurrentSnapshot.Members.Values
            .Where(member => member.Status == SiloStatus.Active && manifests.Current.Silos.ContainsKey(member.SiloAddress))
            .Select(member => Share(member.SiloAddress))];

    /// <summary>Whether <paramref name="silo"/> is active and this silo can place grains on it.</summary>
    public bool CanPlaceOn(SiloAddress silo) =>
        membership.CurrentSnapshot.GetSiloStatus(silo) == SiloStatus.Active && manifests.Current.Silos.ContainsKey(silo);

    /// <summary>Changes with every membership change: a joining, leaving or dying silo.</summary>
    public MembershipVersion Version => membership.CurrentSnapshot.Version;

    /// <summary>Silos on their way in (created or joining, not yet active).</summary>
    public bool AnyJoining => membership.CurrentSnapshot.Members.Values.Any(member => member.Status is SiloStatus.Created or SiloStatus.Joining);

    private SiloShare Share(SiloAddress silo)
    {
        var advertised = metadata.GetSiloMetadata(silo).Metadata;
        var cores = advertised.TryGetValue(CoresKey, out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out var count) && count > 0 ? count : 1;
        var capacity = advertised.TryGetValue(DecodeCapacityKey, out text) && long.TryParse(text, CultureInfo.InvariantCulture, out var pixels) && pixels > 0 ? pixels : 0;
        return new SiloShare(silo, cores, options.Value.DecodeOnGpuSilos && gpuSilos.IsGpuSilo(silo), capacity);
    }
}
