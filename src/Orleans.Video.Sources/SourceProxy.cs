using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Video.Sources;

/// <summary>
/// The HTTP proxy ffmpeg reaches HTTP and HTTPS sources through when the silo's policy refuses some addresses
/// (loopback only, one per silo). Each request (<c>GET http://…</c>) and tunnel (<c>CONNECT host:443</c>) is resolved
/// and checked here, at the moment of connecting, and the connection goes to the address checked: a redirect into a
/// private range, an HLS playlist whose segments point there, or a name that resolves there by now, reach nothing. A
/// decoder registers a token (sent as the proxy's user name) and, after its run, learns what was refused for it.
/// </summary>
internal sealed class SourceProxy : IDisposable
{
    private const int MaxHeadBytes = 32 * 1024;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly SourcePolicy _policy;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Each registered decoder run, and the first refusal made for it.</summary>
    private readonly ConcurrentDictionary<string, string> _runs = new();

    public SourceProxy(SourcePolicy policy)
    {
        _policy = policy;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public string Register()
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _runs[token] = "";
        return token;
    }

    /// <summary>Forgets a run; returns the first refusal made for it, if any.</summary>
    public string? Release(string token) => _runs.TryRemove(token, out var refusal) && refusal.Length > 0 ? refusal : null;

    private Task AcceptAsync() => LoopbackAccept.RunAsync(_listener, ServeAsync, _stop.Token);

    private async Task ServeAsync(Socket client)
    {
        using var _ = client;
        using var clientStream = new NetworkStream(client, ownsSocket: false);
        try
        {
            var (head, body) = await ReadHeadAsync(clientStream);
            if (head is null)
            {
                return;
            }
            var lines = head.Split("\r\n");
            var requestLine = lines[0].Split(' ');
            if (requestLine.Length != 3 || Token(lines) is not { } token || !_runs.ContainsKey(token))
            {
                // ffmpeg sends the user name it was given only when challenged.
                await AnswerAsync(clientStream, "407 Proxy Authentication Required", "Proxy-Authenticate: Basic realm=\"orleans-video\"\r\n");
                return;
            }
            var connect = requestLine[0] == "CONNECT";
            string host;
            int port;
            if (connect)
            {
                var colon = requestLine[1].LastIndexOf(':');
                host = requestLine[1][..colon].Trim('[', ']');
                port = int.Parse(requestLine[1][(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (Uri.TryCreate(requestLine[1], UriKind.Absolute, out var uri) && uri.Scheme == "http")
            {
                host = uri.Host.Trim('[', ']');
                port = uri.Port;
                // To the server, in origin form, once: it closes after its answer, so a next request (maybe for another
                // host) comes on a new connection, checked again.
                var headers = lines.Skip(1).Where(line => line.Length > 0 && !IsHopByHop(line));
                head = $"{requestLine[0]} {uri.PathAndQuery} {requestLine[2]}\r\n{string.Join("\r\n", headers)}\r\nConnection: close\r\n\r\n";
            }
            else
            {
                await AnswerAsync(clientStream, "400 Bad Request");
                return;
            }

            var (addresses, refusal) = await _policy.ResolveAsync(host, _stop.Token);
            if (refusal is not null)
            {
                _runs.TryUpdate(token, $"source refused: a connection to {host}:{port}: {refusal}", "");
                await AnswerAsync(clientStream, "403 Forbidden");
                return;
            }
            using var server = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
            {
                timeout.CancelAfter(ConnectTimeout);
                try
                {
                    await server.ConnectAsync(addresses, port, timeout.Token);
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException or ArgumentException)
                {
                    await AnswerAsync(clientStream, "502 Bad Gateway");
                    return;
                }
            }
            using var serverStream = new NetworkStream(server, ownsSocket: false);
            if (connect)
            {
                await clientStream.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), _stop.Token);
            }
            else
            {
                await serverStream.WriteAsync(Encoding.Latin1.GetBytes(head), _stop.Token);
            }
            if (body.Length > 0)
            {
                await serverStream.WriteAsync(body, _stop.Token);
            }
            var up = PipeAsync(clientStream, server);
            var down = PipeAsync(serverStream, client);
            await Task.WhenAny(up, down);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or FormatException)
        {
            // ffmpeg or the server went away: nothing to keep.
        }
    }

    /// <summary>The request head (Latin-1, up to the empty line) and whatever came after it in the same read.</summary>
    private async Task<(string? Head, byte[] Body)> ReadHeadAsync(Stream stream)
    {
        var buffer = new byte[MaxHeadBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), _stop.Token);
            if (read == 0)
            {
                return (null, []);
            }
            length += read;
            var end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return (Encoding.Latin1.GetString(buffer, 0, end + 2), buffer[(end + 4)..length]);
            }
        }
        return (null, []);
    }

    /// <summary>The token sent as the proxy user name (<c>Proxy-Authorization: Basic base64(token:x)</c>).</summary>
    private static string? Token(IEnumerable<string> lines)
    {
        const string Prefix = "Proxy-Authorization: Basic ";
        var line = lines.FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase));
        if (line is null)
        {
            return null;
        }
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(line[Prefix.Length..].Trim()));
        return decoded.Split(':')[0];
    }

    private static bool IsHopByHop(string header) =>
        header.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) || header.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase)
        || header.StartsWith("Keep-Alive:", StringComparison.OrdinalIgnoreCase);

    private static async Task AnswerAsync(Stream stream, string status, string headers = "") =>
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\n{headers}Content-Length: 0\r\nConnection: close\r\n\r\n"));

    /// <summary>Copies until the source closes, then says so to the other side.</summary>
    private async Task PipeAsync(Stream from, Socket to)
    {
        using var toStream = new NetworkStream(to, ownsSocket: false);
        try
        {
            await from.CopyToAsync(toStream, _stop.Token);
        }
        finally
        {
            try
            {
                to.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
