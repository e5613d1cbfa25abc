using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Orleans.Video.Sources;

namespace Orleans.Video.Notifications;

/// <summary>How one delivery attempt ended.</summary>
public enum WebhookOutcome
{
    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Worth trying again later: no connection, no answer in time, 5xx, 408, 429, a redirect.</summary>
    Failed,

    /// <summary>A 4xx (other than 408 and 429): the receiver refuses this request, and would refuse it again.</summary>
    Rejected,
}

public readonly record struct WebhookResult(WebhookOutcome Outcome, string? Error);

/// <summary>
/// POSTs webhook bodies. The network policy cameras follow (<see cref="SourcePolicy"/>: private ranges refused unless
/// <see cref="SourceOptions.AllowPrivateNetworks"/> or <see cref="SourceOptions.AllowedHosts"/> allow them) is applied
/// to the address each connection is actually made to, after resolving: a name that resolves somewhere new later is
/// checked again, and redirects are never followed, so a receiver cannot send the silo into a private range.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string EventTypeHeader = "X-Event-Type";

    private readonly HttpClient _http;

    public WebhookSender(SourcePolicy policy)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            // A proxy would make the connection checked below the proxy's, not the receiver's.
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, policy, cancellationToken),
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Orleans.Video", "1"));
    }

    public async Task<WebhookResult> SendAsync(WebhookTarget target, string idempotencyKey, string eventType, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Compute(target.Secret, body));
        request.Headers.Add(IdempotencyHeader, idempotencyKey);
        request.Headers.Add(EventTypeHeader, eventType);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(target.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return status switch
            {
                >= 200 and < 300 => new(WebhookOutcome.Delivered, null),
                >= 300 and < 400 => new(WebhookOutcome.Failed, $"HTTP {status}: redirects are not followed; give the receiver's own URL"),
                408 or 429 or >= 500 => new(WebhookOutcome.Failed, $"HTTP {status} {response.ReasonPhrase}"),
                _ => new(WebhookOutcome.Rejected, $"HTTP {status} {response.ReasonPhrase}: the receiver refused the request"),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(WebhookOutcome.Failed, $"no answer within {target.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return new(WebhookOutcome.Failed, e.InnerException is PolicyRefusedException refused ? refused.Message : e.Message);
        }
    }

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, SourcePolicy policy, CancellationToken cancellationToken)
    {
        var host = endpoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(address => policy.Allows(host, address)).ToArray();
        if (allowed.Length == 0)
        {
            throw new PolicyRefusedException(
                $"refused: host '{endpoint.Host}' resolves to {string.Join(", ", addresses.Select(a => a.ToString()))}, a loopback/private/link-local address; " +
                "allow such receivers with Sources:AllowPrivateNetworks or Sources:AllowedHosts");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Connects to the addresses checked above, never to a name resolved again.
            await socket.ConnectAsync(allowed, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _http.Dispose();

    private sealed class PolicyRefusedException(string message) : IOException(message);
}
