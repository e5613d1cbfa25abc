using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Orleans.Video.Sources;

/// <summary>
/// The loopback relay ffmpeg reaches rtsp and rtsps sources through when the silo's policy refuses some addresses (one per
/// silo). ffmpeg's own RTSP client cannot be held to the policy: it follows a <c>302</c> to any host, resolves an rtsps
/// name again when it connects (so the name may point elsewhere by then), and in ffmpeg 5.1 checks no rtsps certificate
/// (<c>-tls_verify</c> reaches https only). So ffmpeg speaks plain RTSP, interleaved over one TCP connection, to the
/// relay, and the relay connects to the address the policy checked, does the TLS itself (the certificate checked against
/// the source's host name with the system's trust store, unless the camera opts out), and refuses any redirect it sees
/// in the camera's answers before ffmpeg sees it. A decoder run registers a token (sent as ffmpeg's User-Agent, so the
/// URL and with it digest authentication stay as the camera expects) and, after its run, learns what was refused.
/// </summary>
internal sealed class RtspRelay : IDisposable
{
    private const int MaxHeadBytes = 32 * 1024;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Each registered decoder run: where its connections go, and the first refusal made for it.</summary>
    private readonly ConcurrentDictionary<string, Run> _runs = new();

    public RtspRelay()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>A run's token, to be sent as ffmpeg's User-Agent; its connections go to <paramref name="upstream"/>.</summary>
    public string Register(RtspUpstream upstream)
    {
        var token = "orleans-video-relay-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _runs[token] = new Run(upstream);
        return token;
    }

    /// <summary>Forgets a run; returns the first refusal made for it, if any.</summary>
    public string? Release(string token) => _runs.TryRemove(token, out var run) ? run.Refusal : null;

    private Task AcceptAsync() => LoopbackAccept.RunAsync(_listener, ServeAsync, _stop.Token);

    private async Task ServeAsync(Socket client)
    {
        using var _ = client;
        using var clientStream = new NetworkStream(client, ownsSocket: false);
        try
        {
            // ffmpeg's first request (OPTIONS) carries the token; anything else on the machine that connects gets nothing.
            if (await ReadHeadAsync(clientStream) is not { } first || UserAgent(first) is not { } token || !_runs.TryGetValue(token, out var run))
            {
                return;
            }
            var upstream = run.Upstream;
            using var server = new Socket(upstream.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
            {
                timeout.CancelAfter(ConnectTimeout);
                try
                {
                    await server.ConnectAsync(upstream.Address, upstream.Port, timeout.Token);
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException)
                {
                    run.Refuse($"cannot connect to {upstream.Host} ({upstream.Address}:{upstream.Port}): {(e is SocketException ? e.Message : "no answer")}");
                    return;
                }
            }
            await using var serverStream = await OpenAsync(server, run);
            if (serverStream is null)
            {
                return;
            }
            await serverStream.WriteAsync(first, _stop.Token);
            var up = CopyAsync(clientStream, serverStream);
            var down = RelayAnswersAsync(serverStream, clientStream, run);
            // Either side closing ends the session: RTSP has no half-open use, and a refused redirect closes both.
            await Task.WhenAny(up, down);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // ffmpeg or the camera went away: nothing to keep.
        }
    }

    /// <summary>The stream to the camera: the socket itself for rtsp, TLS over it for rtsps; null when TLS failed (the run says why).</summary>
    private async Task<Stream?> OpenAsync(Socket server, Run run)
    {
        var upstream = run.Upstream;
        var network = new NetworkStream(server, ownsSocket: false);
        if (!upstream.Tls)
        {
            return network;
        }
        var errors = SslPolicyErrors.None;
        var chain = "";
        var tls = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = upstream.Host,
                RemoteCertificateValidationCallback = (_, _, certificateChain, policyErrors) =>
                {
                    errors = policyErrors;
                    chain = certificateChain is null ? "" : string.Join(", ", certificateChain.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct());
                    return !upstream.TlsVerify || policyErrors == SslPolicyErrors.None;
                },
            }, _stop.Token);
            return tls;
        }
        catch (AuthenticationException e)
        {
            var why = errors != SslPolicyErrors.None ? (chain.Length > 0 ? $"{errors} ({chain})" : errors.ToString()) : e.Message;
            run.Refuse($"source refused: the camera's certificate is not trusted for {upstream.Host}: {why}");
        }
        catch (IOException e)
        {
            run.Refuse($"TLS with {upstream.Host} ({upstream.Address}:{upstream.Port}) failed: {e.Message}");
        }
        await tls.DisposeAsync();
        return null;
    }

    /// <summary>Copies the camera's answers to ffmpeg, stopping at a redirect (refused, never forwarded) or at a stream it cannot follow.</summary>
    private async Task RelayAnswersAsync(Stream from, Stream to, Run run)
    {
        var scanner = new RtspResponseScanner();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await from.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return;
            }
            if (scanner.Scan(buffer.AsSpan(0, read)) is { } location)
            {
                var target = location.Length > 0 ? SourceCredentials.MaskedText(location) : "(no Location)";
                run.Refuse($"source refused: the camera redirected to {target}: redirects are refused");
                return;
            }
            if (scanner.Broken is { } broken)
            {
                run.Refuse($"source refused: the camera sent {broken}");
                return;
            }
            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    private async Task CopyAsync(Stream from, Stream to)
    {
        await from.CopyToAsync(to, _stop.Token);
    }

    /// <summary>The first request's head, up to and with its empty line (an OPTIONS or DESCRIBE has no body).</summary>
    private async Task<byte[]?> ReadHeadAsync(Stream stream)
    {
        var buffer = new byte[MaxHeadBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            // Byte by byte: what follows the head is the next request, which must reach the camera unread.
            var read = await stream.ReadAsync(buffer.AsMemory(length, 1), _stop.Token);
            if (read == 0)
            {
                return null;
            }
            length++;
            if (length >= 4 && buffer.AsSpan(length - 4, 4).SequenceEqual("\r\n\r\n"u8))
            {
                return buffer[..length];
            }
        }
        return null;
    }

    private static string? UserAgent(byte[] head)
    {
        const string Prefix = "User-Agent:";
        var line = Encoding.Latin1.GetString(head).Split("\r\n").FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase));
        return line?[Prefix.Length..].Trim();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private sealed class Run(RtspUpstream upstream)
    {
        private string? _refusal;

        public RtspUpstream Upstream { get; } = upstream;

        public string? Refusal => _refusal;

        /// <summary>Keeps the first reason: later ones are its consequences.</summary>
        public void Refuse(string refusal) => Interlocked.CompareExchange(ref _refusal, refusal, null);
    }
}

/// <summary>Where a relayed run's connections go: the address the policy checked, and for rtsps the name its certificate must carry.</summary>
internal sealed record RtspUpstream(string Host, IPAddress Address, int Port, bool Tls, bool TlsVerify);
