using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Video.Client;
using Orleans.Video.Silo.Live;

namespace Orleans.Video.Silo.Api;

/// <summary>
/// Bridges a camera's live detections stream (the one the client SDK subscribes to) to a browser as
/// Server-Sent Events, one "detections" item per processed frame.
/// </summary>
public static class LiveDetections
{
    // Frames come several a second: a reader behind by this many gets the newest instead.
    private const int Capacity = 16;

    public static Task<Results<ServerSentEventsResult<object>, NotFound>> StreamAsync(string id, VideoClient video, SharedSubscriptions<FrameDetections> shared, HttpContext context) =>
        ServerSentRelay.CameraAsync<FrameDetections>(id, video, context,
            handler => shared.JoinAsync(id, handler), frame => LiveFrame.From(frame), "detections", Capacity);
}

/// <summary>One frame's detections as the browser receives them; boxes in source pixels.</summary>
public sealed record LiveFrame(string CameraId, long Sequence, DateTimeOffset Timestamp, double LatencyMs, IReadOnlyList<LiveDetection> Detections)
{
    public static LiveFrame From(FrameDetections frame) => new(
        frame.CameraId, frame.Sequence, frame.Timestamp, frame.LatencyMs,
        [.. frame.Detections.Select(d => new LiveDetection(d.Label, d.Score, d.Box.X, d.Box.Y, d.Box.Width, d.Box.Height))]);
}

public sealed record LiveDetection(string Label, float Score, float X, float Y, float Width, float Height);
