using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Video.Client;

namespace Orleans.Video.Silo.Api;

/// <summary>
/// Bridges a camera's live detections stream (the one the client SDK subscribes to) to a browser as
/// Server-Sent Events. A slow reader loses the oldest frames, never blocks the stream.
/// </summary>
public static class LiveDetections
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task<Results<ServerSentEventsResult<object>, NotFound>> StreamAsync(string id, VideoClient video, HttpContext context)
    {
        if (await video.GetCameraAsync(id) is null)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.ServerSentEvents(EventsAsync(id, video, context.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<object>> EventsAsync(string id, VideoClient video, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var frames = Channel.CreateBounded<FrameDetections>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest });
        await using var subscription = await video.SubscribeAsync(id, frame =>
        {
            frames.Writer.TryWrite(frame);
            return Task.CompletedTask;
        });
        while (!cancellationToken.IsCancellationRequested)
        {
            FrameDetections? frame = null;
            try
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(KeepAlive);
                frame = await frames.Reader.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Nothing for a while: send a heartbeat so proxies keep the connection open.
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            yield return frame is null
                ? new SseItem<object>(new { }, "heartbeat")
                : new SseItem<object>(LiveFrame.From(frame), "detections");
        }
    }
}

/// <summary>One frame's detections as the browser receives them; boxes in source pixels.</summary>
public sealed record LiveFrame(string CameraId, long Sequence, DateTimeOffset Timestamp, double LatencyMs, IReadOnlyList<LiveDetection> Detections)
{
    public static LiveFrame From(FrameDetections frame) => new(
        frame.CameraId, frame.Sequence, frame.Timestamp, frame.LatencyMs,
        [.. frame.Detections.Select(d => new LiveDetection(d.Label, d.Score, d.Box.X, d.Box.Y, d.Box.Width, d.Box.Height))]);
}

public sealed record LiveDetection(string Label, float Score, float X, float Y, float Width, float Height);
