namespace Orleans.Video.Media;

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
}
