using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Orleans.Video.Media;

/// <summary>
/// Checks a camera source against the silo's policy before any decoder opens it: files only under the media
/// roots, network hosts only in public ranges unless allowed. Each refusal names the rule and the setting.
/// The scheme and shape of the source are checked earlier, by <see cref="CameraConfigValidator"/>.
/// </summary>
public sealed class SourcePolicy(IOptions<SourceOptions> options)
{
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Returns why the source is refused, or null when it is allowed.</summary>
    public async Task<string?> CheckAsync(string source, CancellationToken cancellationToken = default)
    {
        var parsed = VideoSource.Parse(source);
        return parsed.IsFile ? CheckFile(parsed.Location) : await CheckHostAsync(new Uri(parsed.Location), cancellationToken);
    }

    private string? CheckFile(string path)
    {
        var full = Path.GetFullPath(path);
        var roots = options.Value.MediaRoots.Where(root => !string.IsNullOrWhiteSpace(root)).Select(Root).ToList();
        if (roots.Count == 0)
        {
            return "file sources are disabled: no media root is configured (Sources:MediaRoots)";
        }
        return roots.Any(root => full.StartsWith(root, StringComparison.Ordinal))
            ? null
            : $"file '{full}' is outside the media roots ({string.Join(", ", roots)}; Sources:MediaRoots)";

        static string Root(string root) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
    }

    private async Task<string?> CheckHostAsync(Uri uri, CancellationToken cancellationToken)
    {
        if (options.Value.AllowPrivateNetworks)
        {
            return null;
        }
        IPAddress[] addresses;
        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(ResolveTimeout);
                addresses = await Dns.GetHostAddressesAsync(uri.Host, timeout.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                // An unresolvable host is not a policy question: the decoder will report it on the camera's status.
                return null;
            }
        }
        var refused = addresses.FirstOrDefault(IsNonPublic);
        return refused is null
            ? null
            : $"host '{uri.Host}' resolves to {refused}, a loopback/private/link-local address; allow such hosts with Sources:AllowPrivateNetworks";
    }

    public static bool IsNonPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        }
        var b = address.GetAddressBytes();
        return b[0] switch
        {
            10 => true,                                  // 10.0.0.0/8
            172 => b[1] is >= 16 and <= 31,              // 172.16.0.0/12
            192 => b[1] == 168,                          // 192.168.0.0/16
            169 => b[1] == 254,                          // 169.254.0.0/16 link-local (cloud metadata lives here)
            100 => b[1] is >= 64 and <= 127,             // 100.64.0.0/10 carrier-grade NAT
            0 => true,                                   // 0.0.0.0/8
            >= 224 => true,                              // multicast and reserved
            _ => false,
        };
    }
}
