using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Video.Client;

namespace Orleans.Video.Silo.Api;

/// <summary>A camera's live events stream as Server-Sent Events: an "event" item each time one starts, gets a better snapshot or ends.</summary>
public static class LiveEvents
{
    // Events are few; a reader too slow for this many loses the oldest.
    private const int Capacity = 256;

    public static Task<Results<ServerSentEventsResult<object>, NotFound>> StreamAsync(string id, VideoClient video, HttpContext context) =>
        ServerSentRelay.CameraAsync<VideoEvent>(id, video, context,
            handler => video.SubscribeEventsAsync(id, handler), e => EventView.From(e), "event", Capacity);
}
