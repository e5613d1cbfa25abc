using System.Collections.Concurrent;
using System.Net;

namespace Orleans.Video.TestSupport;

/// <summary>
/// A webhook receiver on a loopback port (HttpListener): answers each request as <see cref="Answer"/> says, records
/// what came, and can go away and come back on the same port, as a receiver being restarted does.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Task, bool> _answering = new();
    private HttpListener? _listener;
    private Task _serving = Task.CompletedTask;
    private int _requests;
    private volatile bool _stopping;

    public WebhookReceiver()
    {
        Port = LoopbackPorts.Free();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hooks/";

    /// <summary>Given the request's number (1 = first), the status to answer and how long to wait before answering.</summary>
    public Func<int, (HttpStatusCode Status, TimeSpan Delay)> Answer { get; set; } = _ => (HttpStatusCode.NoContent, TimeSpan.Zero);

    /// <summary>Every request received, in order, with the status it got (null when the answer never left: the sender gave up first).</summary>
    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public void Start()
    {
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Prefixes.Add($"http://localhost:{Port}/");
        listener.Start();
        _listener = listener;
        _stopping = false;
        _serving = Task.Run(() => ServeAsync(listener));
    }

    /// <summary>
    /// Closes the port: connections are refused until <see cref="Start"/>. Answers already being given are finished
    /// first, so what the record says was answered is what the sender got; requests that arrive meanwhile are cut off.
    /// </summary>
    public async Task StopAsync()
    {
        if (_listener is { } listener)
        {
            _stopping = true;
            await Task.WhenAll(_answering.Keys);
            _listener = null;
            listener.Close();
            await _serving;
        }
    }

    private async Task ServeAsync(HttpListener listener)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            if (_stopping)
            {
                // Going down: the sender sees its connection cut, as with a receiver that stops mid-request.
                context.Response.Abort();
                continue;
            }
            var answer = Task.Run(() => RespondAsync(context));
            _answering[answer] = true;
            _ = answer.ContinueWith(done => _answering.TryRemove(done, out _), TaskScheduler.Default);
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        var number = Interlocked.Increment(ref _requests);
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var (status, delay) = Answer(number);
        var received = new ReceivedWebhook(
            number, context.Request.HttpMethod, context.Request.Url?.AbsolutePath ?? "", body.ToArray(),
            context.Request.Headers["X-Signature"], context.Request.Headers["Idempotency-Key"], context.Request.Headers["X-Event-Type"],
            context.Request.ContentType, status);
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay);
            }
            context.Response.StatusCode = (int)status;
            context.Response.Close();
            Received.Enqueue(received);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The sender hung up (its timeout) or the listener closed: the answer never reached it.
            Received.Enqueue(received with { Answered = null });
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

public sealed record ReceivedWebhook(
    int Number, string Method, string Path, byte[] Body, string? Signature, string? IdempotencyKey, string? EventType, string? ContentType,
    HttpStatusCode? Answered);
