using System.Net;
using Microsoft.Extensions.Options;

namespace Orleans.Video.Silo.Transport;

/// <summary>
/// Refuses to start a silo whose silo and gateway ports other machines can reach while its connections are not TLS.
/// Orleans accepts a connection on those ports from anyone and runs the grain calls it carries, so without mutual TLS
/// they would be the cluster's open back door, past the HTTP API's keys. Loopback-only silos (run.sh, the tests) need
/// nothing; anything else sets <c>Silo:Tls</c>, or <c>Silo:AllowInsecure</c> to say it means it.
/// </summary>
public sealed class TransportSecurityValidator : IValidateOptions<SiloHostOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloHostOptions options) =>
        Refusal(options) is { } refusal ? ValidateOptionsResult.Fail(refusal) : ValidateOptionsResult.Success;

    /// <summary>Why this silo must not start as configured, naming the settings; null when it may.</summary>
    public static string? Refusal(SiloHostOptions options)
    {
        if (options.Tls.Enabled || options.AllowInsecure || Exposure(options) is not { } exposure)
        {
            return null;
        }
        return $"{exposure}, and {SiloHostOptions.TlsSection} is not set: anyone who reaches ports {options.SiloPort} and "
            + $"{options.GatewayPort} could join the cluster or call its grains. Set {SiloHostOptions.TlsSection}:Certificate, "
            + $"{SiloHostOptions.TlsSection}:Key and {SiloHostOptions.TlsSection}:Ca (deploy/tls-dev-ca.sh makes a development CA), "
            + $"or {SiloHostOptions.Section}:{nameof(SiloHostOptions.AllowInsecure)}=true to run without TLS on purpose "
            + "(a network only the cluster's own machines reach)";
    }

    /// <summary>What makes the ports reachable from other machines, or null when they are bound to loopback only.</summary>
    public static string? Exposure(SiloHostOptions options)
    {
        if (options.ListenOnAnyAddress)
        {
            return $"{SiloHostOptions.Section}:{nameof(SiloHostOptions.ListenOnAnyAddress)} is true (every interface)";
        }
        if (string.Equals(options.AdvertisedAddress, "auto", StringComparison.OrdinalIgnoreCase))
        {
            return $"{SiloHostOptions.Section}:{nameof(SiloHostOptions.AdvertisedAddress)} is \"auto\" (this host's network address)";
        }
        // Without ListenOnAnyAddress the ports are bound to the advertised address itself. One that does not parse is
        // reported by SiloHostOptions.ResolveAdvertisedAddress.
        return IPAddress.TryParse(options.AdvertisedAddress, out var address) && !IPAddress.IsLoopback(address)
            ? $"{SiloHostOptions.Section}:{nameof(SiloHostOptions.AdvertisedAddress)} {address} is not a loopback address"
            : null;
    }
}
