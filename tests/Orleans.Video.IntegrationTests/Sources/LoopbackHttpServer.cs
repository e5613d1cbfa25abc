using System.Collections.Concurrent;
using System.Net;

namespace Orleans.Video.IntegrationTests.Sources;

/// <summary>A tiny HTTP server on one loopback address (127.0.0.1, 127.0.0.2, …): fixed answers per path, and a record of what was asked.</summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, Func<HttpListenerResponse, Task>> _routes = new();

    public LoopbackHttpServer(string address)
    {
        Port = Orleans.Video.TestSupport.LoopbackPorts.Free();
        BaseUrl = $"http://{address}:{Port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }
    public string BaseUrl { get; }

    /// <summary>
    /// Answers requests for <paramref name="name"/> too (HttpListener matches the Host header). HttpListener resolves
    /// the name when the prefix is added and again when it is removed: it must resolve to this server's address both times.
    /// </summary>
    public void AnswerFor(string name) => _listener.Prefixes.Add($"http://{name}:{Port}/");

    /// <summary>Stops answering for a name given to <see cref="AnswerFor"/>, while it still resolves to this server's address.</summary>
    public void StopAnsweringFor(string name) => _listener.Prefixes.Remove($"http://{name}:{Port}/");

    /// <summary>Paths asked for, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public void File(string path, string contentType, byte[] body) => _routes[path] = async response =>
    {
        response.ContentType = contentType;
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
    };

    public void Redirect(string path, string location) => _routes[path] = response =>
    {
        response.StatusCode = (int)HttpStatusCode.Found;
        response.RedirectLocation = location;
        return Task.CompletedTask;
    };

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(async () =>
            {
                var path = context.Request.Url!.AbsolutePath;
                Requests.Enqueue(path);
                try
                {
                    if (_routes.TryGetValue(path, out var answer))
                    {
                        await answer(context.Response);
                    }
                    else
                    {
                        context.Response.StatusCode = (int)HttpStatusCode.NotFound;
                    }
                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException)
                {
                    // The client went away mid-answer.
                }
            });
        }
    }

    public void Dispose() => _listener.Close();
}
