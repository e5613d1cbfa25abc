using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Video.Client;
using Orleans.Video.Silo.Live;

namespace Orleans.Video.Silo.Api;

/// <summary>A camera's live events stream as Server-Sent Events: an "event" item each time one starts, gets a better snapshot or ends.</summary>
public static class LiveEvents
{
    // Events are few; a reader too slow for this many loses the oldest.
    private const int Capacity = 256;

    public static Task<Results<ServerSentEventsResult<object>, NotFound>> StreamAsync(string id, VideoClient video, SharedSubscriptions<VideoEvent> shared, HttpContext context) =>
        ServerSentRelay.CameraAsync<VideoEvent>(id, video, context,
            handler => shared.JoinAsync(id, handler), e => EventView.From(e), "event", Capacity);
}
