using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Video.Sources;

namespace Orleans.Video.Media.Tests;

/// <summary>
/// rtsp and rtsps sources through the policy's relay, decoded by real ffmpeg against loopback servers: a redirect is
/// refused before ffmpeg can follow it, and an rtsps certificate is checked unless the camera opts out.
/// </summary>
public sealed class RtspRelayTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly SourcePolicy _policy = new(Options.Create(new SourceOptions { AllowPrivateNetworks = false, AllowedHosts = ["127.0.0.1"] }));

    public void Dispose() => _policy.Dispose();

    private Task<DecoderExit> DecodeAsync(VideoSource source) =>
        new VideoDecoder(NullLogger<VideoDecoder>.Instance, policy: _policy)
            .RunAsync(new DecoderRequest(source, 64, 64, Realtime: false, Loop: false, StallTimeout: TimeSpan.FromSeconds(15)), new FrameBufferPool(), _ => { }, CancellationToken.None)
            .WaitAsync(Patience);

    [Fact]
    public async Task A_redirect_is_refused_and_its_target_never_connected_to()
    {
        using var elsewhere = new LoopbackListener("127.0.0.2", (_, _) => Task.CompletedTask);
        var target = $"rtsp://127.0.0.2:{elsewhere.Port}/x";
        var requests = new List<string>();
        using var camera = new LoopbackListener("127.0.0.1", async (socket, stop) =>
        {
            using var stream = new NetworkStream(socket);
            while (await ReadHeadAsync(stream, stop) is { } head)
            {
                lock (requests)
                {
                    requests.Add(head);
                }
                // OPTIONS answered; DESCRIBE redirected, which ffmpeg on its own follows to any host.
                var answer = head.StartsWith("OPTIONS", StringComparison.Ordinal)
                    ? $"RTSP/1.0 200 OK\r\n{CSeq(head)}Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n\r\n"
                    : $"RTSP/1.0 302 Found\r\n{CSeq(head)}Location: {target}\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), stop);
            }
        });

        var exit = await DecodeAsync(VideoSource.Parse($"rtsp://user:secret@127.0.0.1:{camera.Port}/live?channel=1"));

        Assert.Equal(DecoderExitKind.Failed, exit.Kind);
        Assert.Equal($"source refused: the camera redirected to {target}: redirects are refused", exit.Error);
        Assert.Equal(0, elsewhere.Connections);
        // What reached the camera is ffmpeg's request for the source's path, over the relay.
        Assert.Equal(2, requests.Count);
        Assert.Matches(@"^OPTIONS rtsp://127\.0\.0\.1:\d+/live\?channel=1 RTSP/1\.0\r\n", requests[0]);
        Assert.StartsWith("DESCRIBE ", requests[1]);
    }

    [Fact]
    public async Task An_untrusted_rtsps_certificate_is_refused_unless_the_camera_opts_out()
    {
        using var certificate = SelfSigned();
        var handshakes = 0;
        var requests = new List<string>();
        using var camera = new LoopbackListener("127.0.0.1", async (socket, stop) =>
        {
            await using var tls = new SslStream(new NetworkStream(socket));
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, stop);
            Interlocked.Increment(ref handshakes);
            if (await ReadHeadAsync(tls, stop) is { } head)
            {
                lock (requests)
                {
                    requests.Add(head);
                }
                await tls.WriteAsync(Encoding.ASCII.GetBytes($"RTSP/1.0 404 Not Found\r\n{CSeq(head)}\r\n"), stop);
            }
        });
        var source = VideoSource.Parse($"rtsps://127.0.0.1:{camera.Port}/live");

        var verified = await DecodeAsync(source);
        Assert.Equal(DecoderExitKind.Failed, verified.Kind);
        Assert.StartsWith("source refused: the camera's certificate is not trusted for 127.0.0.1: ", verified.Error);
        // With TLS 1.3 the server's side of the handshake ends before the client has judged the certificate: what shows
        // the refusal on the camera's side is that no request ever came.
        Assert.Empty(requests);

        var unverified = await DecodeAsync(source with { TlsVerify = false });
        Assert.Equal(DecoderExitKind.Failed, unverified.Kind);
        Assert.True(Volatile.Read(ref handshakes) >= 1);
        // Over TLS the camera got ffmpeg's plain RTSP request, and its 404 is what ffmpeg reports.
        Assert.StartsWith("OPTIONS rtsp://127.0.0.1:", Assert.Single(requests));
        Assert.Contains("404", unverified.Error);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12: a server certificate needs its key in a form the TLS stack can use.
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
    }

    private static string CSeq(string head) =>
        head.Split("\r\n").FirstOrDefault(line => line.StartsWith("CSeq:", StringComparison.OrdinalIgnoreCase)) is { } line ? line + "\r\n" : "";

    private static async Task<string?> ReadHeadAsync(Stream stream, CancellationToken stop)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^1] == '\n' && head[^2] == '\r' && head[^3] == '\n' && head[^4] == '\r'))
        {
            if (await stream.ReadAsync(one, stop) == 0)
            {
                return null;
            }
            head.Add(one[0]);
        }
        return Encoding.Latin1.GetString([.. head]);
    }
}
