using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text.Json;
using Orleans.Video.Client;
using Orleans.Video.Media.Live;
using Orleans.Video.Silo.Live;

using Orleans.Video.Silo.Security;

namespace Orleans.Video.Silo.Api;

/// <summary>
/// Live video over a WebSocket, from any silo: text messages say what comes (<c>{"type":"init","codec",…}</c>
/// before each initialisation segment, <c>{"type":"status","live",…}</c> when the camera starts or stops sending),
/// binary messages carry fragmented MP4 for Media Source Extensions, each after an 8-byte big-endian double: the
/// wall-clock time (Unix ms) the camera's silo read it, which lines frames up with their detections.
/// </summary>
public static class LiveVideoApi
{
    /// <summary>Segments waiting for one browser (about three seconds at 25 fps) before it skips to the next keyframe.</summary>
    private const int QueueCapacity = 75;

    /// <summary>How often a browser hears the camera's state when no video comes.</summary>
    private static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(1);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapLiveVideoApi(this IEndpointRouteBuilder app)
    {
        // Its gauges count from the start (0 viewers), not from the first viewer.
        app.ServiceProvider.GetRequiredService<LiveMetrics>();
        app.MapGet("/api/cameras/{id}/video", StreamAsync)
            .RequireAuthorization()
            .CountsAsLiveStream()
            .WithTags("Cameras")
            .WithSummary("Live video over a WebSocket: fragmented MP4 remuxed from the camera, for Media Source Extensions.");
        return app;
    }

    private static async Task<IResult> StreamAsync(string id, HttpContext context, VideoClient video, LiveRelays relays)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return VideoApi.BadRequest("live video is a WebSocket: connect with ws:// or wss:// (Upgrade: websocket)");
        }
        // A page from another site may not watch with this user's login cookie (cross-site WebSocket hijacking):
        // RequestOrigin refused it before here, comparing scheme, host and port.
        if (!await video.CameraExistsAsync(id))
        {
            return TypedResults.NotFound();
        }
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var ends = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var queue = new LiveQueue(QueueCapacity);
        var unavailable = relays.Join(id, queue);
        try
        {
            var closed = WaitForCloseAsync(socket, ends);
            await SendAsync(socket, queue, unavailable, ends.Token);
            await closed;
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The browser went away, or the silo is stopping: the page connects again, maybe to another silo.
        }
        finally
        {
            await relays.LeaveAsync(id, queue);
        }
        if (socket.State == WebSocketState.Open)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "silo stopping", grace.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                // The browser closed it meanwhile (state Aborted): seen in a soak, once in 400 viewers leaving.
            }
        }
        return Results.Empty;
    }

    private static async Task SendAsync(WebSocket socket, LiveQueue queue, Func<string?> unavailable, CancellationToken cancellationToken)
    {
        string? said = "";
        var header = new byte[8];
        while (!cancellationToken.IsCancellationRequested)
        {
            LiveSegment[] batch;
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                wait.CancelAfter(StatusInterval);
                try
                {
                    batch = await queue.TakeAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    batch = [];
                }
            }
            // Once when it changes: the page shows the reason over the last picture, or clears it.
            var reason = unavailable();
            if (reason != said && (reason is not null || batch.Length > 0))
            {
                await SendTextAsync(socket, new { type = "status", live = reason is null, reason }, cancellationToken);
                said = reason;
            }
            foreach (var segment in batch)
            {
                if (segment.Kind == LiveSegmentKind.Init)
                {
                    await SendTextAsync(socket, new
                    {
                        type = "init",
                        codec = segment.Codec,
                        mime = $"video/mp4; codecs=\"{segment.Codec}\"",
                        width = segment.Width,
                        height = segment.Height,
                    }, cancellationToken);
                }
                BinaryPrimitives.WriteDoubleBigEndian(header, segment.ReadAt.ToUnixTimeMilliseconds());
                await socket.SendAsync(header, WebSocketMessageType.Binary, endOfMessage: false, cancellationToken);
                await socket.SendAsync(segment.Data, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
            }
        }
    }

    private static Task SendTextAsync(WebSocket socket, object message, CancellationToken cancellationToken) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message, Json), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>Reads (and ignores) what the browser sends until it closes; then ends the sending.</summary>
    private static async Task WaitForCloseAsync(WebSocket socket, CancellationTokenSource ends)
    {
        var buffer = new byte[1024];
        try
        {
            while (!ends.IsCancellationRequested)
            {
                var received = await socket.ReceiveAsync(buffer, ends.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Gone.
        }
        await ends.CancelAsync();
    }
}
