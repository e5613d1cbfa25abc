using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Orleans.Video.Client;

namespace Orleans.Video.Silo;

/// <summary>Where this silo listens and what it advertises (configuration section "Silo", env <c>Silo__Gpu=true</c> etc.).</summary>
public sealed class SiloHostOptions
{
    public const string Section = "Silo";

    /// <summary>Orleans' <c>ClusterMembershipOptions</c>, bound as they are named there.</summary>
    public const string MembershipSection = "Silo:Membership";

    public const string TlsSection = "Silo:Tls";

    [Required]
    public string ClusterId { get; set; } = "orleans-video";

    [Required]
    public string ServiceId { get; set; } = "orleans-video";

    /// <summary>The address other silos and clients reach this silo at; "auto" takes this host's first non-loopback IPv4 address (containers).</summary>
    [Required]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Bind the silo and gateway ports on every interface rather than only the advertised address (containers, NAT).</summary>
    public bool ListenOnAnyAddress { get; set; }

    /// <summary>How long a stopping silo may take to leave the cluster; orchestrators must wait longer (Kubernetes: terminationGracePeriodSeconds).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(45);

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Advertise <c>gpu=true</c> in silo metadata, so inference grains are placed here.</summary>
    public bool Gpu { get; set; }

    /// <summary>
    /// Megapixels a second of source video this silo's decoders take at most (1920x1080 at 30 fps is 62), advertised
    /// in silo metadata for camera placement: a GPU silo's NVDEC budget with <c>Cameras:DecodeOnGpuSilos</c>. 0: no limit.
    /// </summary>
    [Range(0, 1_000_000)]
    public double DecodeCapacity { get; set; }

    /// <summary>Mutual TLS for silo-to-silo and client-to-gateway connections (section "Silo:Tls"); off without a certificate.</summary>
    public ClusterTlsOptions Tls { get; set; } = new();

    /// <summary>
    /// Start without <see cref="Tls"/> although the silo and gateway ports are reachable from other machines
    /// (<see cref="ListenOnAnyAddress"/>, or an advertised address that is not loopback). Without it such a silo refuses
    /// to start (<see cref="Transport.TransportSecurityValidator"/>): those ports take grain calls from anyone who connects.
    /// </summary>
    public bool AllowInsecure { get; set; }

    public IPAddress ResolveAdvertisedAddress()
    {
        if (!string.Equals(AdvertisedAddress, "auto", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.TryParse(AdvertisedAddress, out var address)
                ? address
                : throw new InvalidOperationException($"Silo:AdvertisedAddress '{AdvertisedAddress}' is not an IP address (or \"auto\")");
        }
        return NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus == OperationalStatus.Up && nic.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .FirstOrDefault(address => address.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new InvalidOperationException("Silo:AdvertisedAddress is \"auto\" but this host has no non-loopback IPv4 address");
    }
}
