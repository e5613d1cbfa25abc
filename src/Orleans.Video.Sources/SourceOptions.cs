namespace Orleans.Video.Sources;

/// <summary>Which camera sources a silo accepts (configuration section "Sources").</summary>
public sealed class SourceOptions
{
    public const string Section = "Sources";

    /// <summary>File sources must lie under one of these folders; with none, file sources are refused.</summary>
    public List<string> MediaRoots { get; set; } = [];

    /// <summary>
    /// Accept hosts in loopback, private, link-local and other non-public ranges. Off by default so the API
    /// cannot be used to reach internal services; turn it on for cameras on the local network.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// Hosts allowed although they are in a non-public range, without allowing the whole range: names (as the source
    /// writes them), addresses (10.0.0.5) or ranges (10.20.0.0/16). Each connection is checked, so a name resolving to
    /// an address outside these later is refused then.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];
}
