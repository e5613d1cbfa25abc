using System.ComponentModel.DataAnnotations;

namespace Orleans.Video.Silo;

/// <summary>Where this silo listens and what it advertises (configuration section "Silo", env <c>Silo__Gpu=true</c> etc.).</summary>
public sealed class SiloHostOptions
{
    public const string Section = "Silo";

    /// <summary>Orleans' <c>ClusterMembershipOptions</c>, bound as they are named there.</summary>
    public const string MembershipSection = "Silo:Membership";

    [Required]
    public string ClusterId { get; set; } = "orleans-video";

    [Required]
    public string ServiceId { get; set; } = "orleans-video";

    /// <summary>The address other silos and clients reach this silo at.</summary>
    [Required]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Advertise <c>gpu=true</c> in silo metadata, so inference grains are placed here.</summary>
    public bool Gpu { get; set; }
}
