using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Orleans.Video.Sources;

/// <summary>
/// Checks a camera source against the silo's policy: files only under the media roots, network hosts only in public
/// ranges unless allowed (<see cref="SourceOptions.AllowPrivateNetworks"/>, <see cref="SourceOptions.AllowedHosts"/>).
/// Checked when a camera is configured (<see cref="CheckAsync"/>, a 400 with the reason) and again at every decoder
/// start (<see cref="PrepareAsync"/>), where the checked address is what ffmpeg gets (pinned), HTTP goes through the
/// silo's <see cref="SourceProxy"/>, which checks every connection: redirects and an HLS playlist's segments too, and
/// RTSP through its <see cref="RtspRelay"/>, which refuses redirects and checks rtsps certificates.
/// The scheme and shape of the source are checked earlier, by <see cref="CameraConfigValidator"/>.
/// </summary>
public sealed class SourcePolicy(IOptions<SourceOptions> options) : IDisposable
{
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(2);

    private readonly Lock _proxyLock = new();
    private SourceProxy? _proxy;
    private RtspRelay? _relay;

    /// <summary>Whether any address is refused at all; without, sources are only confined to their protocols.</summary>
    public bool Restricts => !options.Value.AllowPrivateNetworks;

    /// <summary>Returns why the source is refused, or null when it is allowed.</summary>
    public async Task<string?> CheckAsync(string source, CancellationToken cancellationToken = default)
    {
        var parsed = VideoSource.Parse(source);
        return parsed.IsFile ? CheckFile(parsed.Location) : (await ResolveAsync(new Uri(parsed.Location).Host, cancellationToken)).Refusal;
    }

    /// <summary>
    /// Whether <see cref="PrepareAsync"/> sends this source through the RTSP relay, which carries interleaved TCP only:
    /// every rtsp and rtsps source where the policy restricts, and an rtsps one whose certificate is checked anyway.
    /// </summary>
    public bool Relays(VideoSource source) =>
        source.Scheme is "rtsp" or "rtsps" && (Restricts || source is { Scheme: "rtsps", TlsVerify: true });

    /// <summary>How ffmpeg opens <paramref name="source"/> now, or why it may not (the host resolves elsewhere than before).</summary>
    public async Task<SourceAccess> PrepareAsync(VideoSource source, CancellationToken cancellationToken = default)
    {
        if (source.IsFile)
        {
            return InOwnFolder(source) || CheckFile(source.Location) is not { } outside ? SourceAccess.Direct(source) : SourceAccess.Refused(source, outside);
        }
        var uri = new Uri(source.Location);
        if (!Restricts)
        {
            // Every address is allowed, so redirects may go anywhere; but an rtsps camera's certificate is still checked,
            // which only the relay does (ffmpeg 5.1 checks none for rtsps).
            return source is { Scheme: "rtsps", TlsVerify: true }
                ? Relayed(source, uri, (await ResolveAsync(uri.Host, cancellationToken)).Addresses)
                : SourceAccess.Direct(source);
        }
        var (addresses, refusal) = await ResolveAsync(uri.Host, cancellationToken);
        if (refusal is not null)
        {
            return SourceAccess.Refused(source, $"source refused: {refusal}");
        }
        var direct = SourceAccess.Direct(source) with
        {
            // Where ffmpeg keeps the name (HTTP through the proxy, rtmps for TLS), the probe must not look it up again.
            ProbeLocation = addresses.Length > 0 ? WithHost(source.Location, addresses[0]) : null,
        };
        switch (source.Scheme)
        {
            case "http" or "https":
                // Every connection ffmpeg makes for it (redirects, playlists, segments) goes through the proxy, which
                // resolves and checks each one itself and connects to the address it checked.
                var proxy = Proxy();
                var token = proxy.Register();
                return direct with { Arguments = [.. direct.Arguments, "-http_proxy", $"http://{token}:x@127.0.0.1:{proxy.Port}/"], ProxyToken = token };
            case "rtsp" or "rtsps":
                return Relayed(source, uri, addresses);
            case "rtmp" or "tcp" or "udp" when addresses.Length > 0:
                // ffmpeg connects to the address just checked, not to whatever the name resolves to by then. (rtmps keeps
                // the name: TLS checks the server's certificate against it.)
                return direct with { Location = WithHost(source.Location, addresses[0]) };
            default:
                return direct;
        }
    }

    /// <summary>
    /// Why the proxy or the relay refused a connection made for <paramref name="access"/> (or why the relay could not
    /// reach the camera), if it did; ends their use of its token.
    /// </summary>
    public string? Release(SourceAccess access)
    {
        string? refusal = null;
        if (access.ProxyToken is { } token && _proxy is { } proxy)
        {
            refusal = proxy.Release(token);
        }
        if (access.RelayToken is { } relayToken && _relay is { } relay)
        {
            refusal ??= relay.Release(relayToken);
        }
        return refusal;
    }

    /// <summary>
    /// An rtsp or rtsps source through the relay: ffmpeg gets <c>rtsp://127.0.0.1:{relay}/{path}</c> (credentials kept, for
    /// its authentication) over interleaved TCP (RTP over UDP would bypass the relay), and the relay connects to the
    /// address just checked.
    /// </summary>
    private SourceAccess Relayed(VideoSource source, Uri uri, IPAddress[] addresses)
    {
        if (addresses.Length == 0 || SourceProbe.Endpoint(source) is not var (_, port))
        {
            // ffmpeg would resolve it again itself, and might get another answer than the policy did.
            return SourceAccess.Refused(source, $"cannot resolve host '{uri.Host}'");
        }
        var relay = Relay();
        var token = relay.Register(new RtspUpstream(uri.IdnHost.Trim('[', ']'), addresses[0], port, source.Scheme == "rtsps", source.TlsVerify));
        var local = "rtsp" + WithHost(source.Location, IPAddress.Loopback, relay.Port)[source.Scheme.Length..];
        return new SourceAccess(
            local,
            ["-protocol_whitelist", SourceAccess.RelayedProtocols, "-rtsp_transport", "tcp", "-user_agent", token],
            RelayToken: token,
            ProbeLocation: WithHost(source.Location, addresses[0]));
    }

    /// <summary>
    /// The addresses <paramref name="host"/> resolves to, and why they are refused when one of them is (a name with a
    /// public and a private address is refused: which one a connection gets is not up to the policy). A host that does
    /// not resolve in time is refused too (fail closed): left to ffmpeg, it would be looked up again, unchecked, and a
    /// name whose server answers late or not at all the first time could answer with an internal address the second.
    /// </summary>
    public async Task<(IPAddress[] Addresses, string? Refusal)> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        host = host.Trim('[', ']');
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(ResolveTimeout);
                addresses = await Dns.GetHostAddressesAsync(host, timeout.Token);
            }
            catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                var why = e is SocketException socket ? socket.Message : $"no answer within {ResolveTimeout.TotalSeconds:0} s";
                // Where every address is allowed there is nothing to fail closed for: the decoder reports it.
                return ([], Restricts ? $"host '{host}' does not resolve ({why}); a source's name must resolve when it is checked" : null);
            }
        }
        var refused = addresses.FirstOrDefault(address => !Allows(host, address));
        return refused is null
            ? (addresses, null)
            : (addresses, $"host '{host}' resolves to {refused}, a loopback/private/link-local address; allow such hosts with Sources:AllowPrivateNetworks or Sources:AllowedHosts");
    }

    /// <summary>Whether a connection to <paramref name="address"/> (for <paramref name="host"/>) is allowed.</summary>
    public bool Allows(string host, IPAddress address)
    {
        if (options.Value.AllowPrivateNetworks || !IsNonPublic(address))
        {
            return true;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return options.Value.AllowedHosts.Any(allowed =>
            string.Equals(allowed, host, StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(allowed, out var one) && one.Equals(address))
            || (IPNetwork.TryParse(allowed, out var range) && range.Contains(address)));
    }

    /// <summary>Whether a file source lies in the folder of the silo's own files it was given (its full path, no '..').</summary>
    private static bool InOwnFolder(VideoSource source) =>
        source is { IsFile: true, OwnFolder: { Length: > 0 } folder }
        && Path.GetFullPath(source.Location).StartsWith(
            Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

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

    private SourceProxy Proxy()
    {
        lock (_proxyLock)
        {
            return _proxy ??= new SourceProxy(this);
        }
    }

    private RtspRelay Relay()
    {
        lock (_proxyLock)
        {
            return _relay ??= new RtspRelay();
        }
    }

    /// <summary>
    /// <paramref name="location"/> with its host replaced by <paramref name="address"/> (user info, path kept as written; the
    /// port too, unless <paramref name="port"/> replaces it).
    /// </summary>
    public static string WithHost(string location, IPAddress address, int? port = null)
    {
        var start = location.IndexOf("://", StringComparison.Ordinal) + 3;
        var end = location.IndexOfAny(['/', '?', '#'], start);
        end = end < 0 ? location.Length : end;
        var authority = location[start..end];
        var at = authority.LastIndexOf('@');
        var hostAndPort = authority[(at + 1)..];
        var hostEnd = hostAndPort.StartsWith('[') ? hostAndPort.IndexOf(']') + 1 : hostAndPort.IndexOf(':') is var colon and >= 0 ? colon : hostAndPort.Length;
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        var portPart = port is { } replaced ? ":" + replaced.ToString(System.Globalization.CultureInfo.InvariantCulture) : hostAndPort[hostEnd..];
        return location[..(start + at + 1)] + host + portPart + location[end..];
    }

    private static readonly IPNetwork[] NonPublicV6 =
    [
        IPNetwork.Parse("64:ff9b::/96"), IPNetwork.Parse("64:ff9b:1::/48"), IPNetwork.Parse("2002::/16"),
        IPNetwork.Parse("2001::/32"), IPNetwork.Parse("::/96"), IPNetwork.Parse("100::/64"),
    ];

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
            // Translation and tunnel ranges carry an IPv4 address inside, which may be a private one: NAT64 (64:ff9b::/96,
            // 64:ff9b:1::/48), 6to4 (2002::/16), Teredo (2001::/32), IPv4-compatible (::/96); and discard-only 100::/64.
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast
                || NonPublicV6.Any(range => range.Contains(address));
        }
        var b = address.GetAddressBytes();
        return b[0] switch
        {
            10 => true,                                  // 10.0.0.0/8
            172 => b[1] is >= 16 and <= 31,              // 172.16.0.0/12
            192 => b[1] == 168 || (b[1] == 0 && b[2] == 0), // 192.168.0.0/16; 192.0.0.0/24 IETF protocol assignments
            169 => b[1] == 254,                          // 169.254.0.0/16 link-local (cloud metadata lives here)
            100 => b[1] is >= 64 and <= 127,             // 100.64.0.0/10 carrier-grade NAT
            198 => b[1] is 18 or 19,                     // 198.18.0.0/15 benchmarking (network equipment tests)
            0 => true,                                   // 0.0.0.0/8
            >= 224 => true,                              // multicast and reserved
            _ => false,
        };
    }

    public void Dispose()
    {
        _proxy?.Dispose();
        _relay?.Dispose();
    }
}
