using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Video.Client;

namespace Orleans.Video.Silo.Api;

/// <summary>
/// Relays an Orleans stream subscription to a Server-Sent Events response. The subscription writes into a
/// bounded channel that drops the oldest item, so a slow browser loses items instead of holding up the
/// stream; a heartbeat goes out when nothing happened for a while, so proxies keep the connection open. A relay
/// ends when the browser goes away and also when the silo starts stopping: an open live view must not hold the
/// web server, and with it the silo's graceful leave, until the shutdown budget is spent. Browsers' EventSource
/// reconnects by itself, through the load balancer, to a silo that stays.
/// </summary>
public static class ServerSentRelay
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>The response for one camera's stream: 404 when the camera is unknown, else the relay.</summary>
    public static async Task<Results<ServerSentEventsResult<object>, NotFound>> CameraAsync<T>(
        string cameraId, VideoClient video, HttpContext context,
        Func<Func<T, Task>, Task<IAsyncDisposable>> subscribe, Func<T, object> view, string eventType, int capacity)
        where T : class
    {
        if (!await video.CameraExistsAsync(cameraId))
        {
            return TypedResults.NotFound();
        }
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var ends = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        context.Response.RegisterForDispose(ends);
        return TypedResults.ServerSentEvents(RelayAsync(subscribe, view, eventType, capacity, ends.Token));
    }

    /// <param name="subscribe">Subscribes a handler (to this silo's shared subscription, <see cref="Live.SharedSubscriptions{T}"/>); disposing the result unsubscribes.</param>
    /// <param name="view">What the browser receives for an item (serialized as JSON).</param>
    /// <param name="eventType">The SSE event name of items.</param>
    /// <param name="capacity">Items held for a slow reader before the oldest is dropped.</param>
    public static async IAsyncEnumerable<SseItem<object>> RelayAsync<T>(
        Func<Func<T, Task>, Task<IAsyncDisposable>> subscribe, Func<T, object> view, string eventType, int capacity,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        var items = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest });
        await using var subscription = await subscribe(item =>
        {
            items.Writer.TryWrite(item);
            return Task.CompletedTask;
        });
        while (!cancellationToken.IsCancellationRequested)
        {
            T? next = null;
            try
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(KeepAlive);
                next = await items.Reader.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Nothing for a while: the heartbeat below.
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            yield return next is null ? new SseItem<object>(new { }, "heartbeat") : new SseItem<object>(view(next), eventType);
        }
    }
}
