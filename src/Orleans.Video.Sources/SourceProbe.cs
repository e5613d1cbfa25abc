using System.Net.Sockets;

namespace Orleans.Video.Sources;

/// <summary>
/// Checks that a network source's server accepts a TCP connection before an ffmpeg process is started for it. A camera
/// whose site is down then costs a refused connection per retry, not a process start: 200 such cameras kept a 2-core
/// silo busy when every retry was an ffmpeg.
/// </summary>
public static class SourceProbe
{
    /// <summary>A server that has not accepted within this time counts as unreachable (a host that drops packets).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Null when the source is reachable or cannot be probed; otherwise why it is not. Throws when cancelled.</summary>
    public static async Task<string?> CheckAsync(VideoSource source, CancellationToken cancellationToken)
    {
        if (Endpoint(source) is not var (host, port))
        {
            return null;
        }
        // Dual-mode (IPv6 and IPv4) where the kernel has IPv6; IPv4 alone where it was disabled at boot.
        using var socket = Socket.OSSupportsIPv6
            ? new Socket(SocketType.Stream, ProtocolType.Tcp)
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await socket.ConnectAsync(host, port, timeout.Token);
            return null;
        }
        catch (SocketException e)
        {
            return $"{SourceReachability.Prefix}{host}:{port}: {e.Message}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{SourceReachability.Prefix}{host}:{port}: no answer within {Timeout.TotalSeconds:0} s";
        }
    }

    /// <summary>
    /// The server to probe: RTSP (its control connection is TCP whatever the media transport), RTMP and HTTP. Not
    /// raw <c>tcp://</c> (a sender listening for one client would spend its only connection on the probe) nor UDP
    /// schemes, which have no connection to make.
    /// </summary>
    public static (string Host, int Port)? Endpoint(VideoSource source)
    {
        if (source.IsFile || !Uri.TryCreate(source.Location, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            return null;
        }
        int? defaultPort = source.Scheme switch
        {
            "rtsp" => 554,
            "rtsps" => 322,
            "rtmp" => 1935,
            "rtmps" => 443,
            "http" => 80,
            "https" => 443,
            _ => null,
        };
        if (defaultPort is not { } fallback)
        {
            return null;
        }
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
        return (host, uri.IsDefaultPort || uri.Port < 0 ? fallback : uri.Port);
    }
}
