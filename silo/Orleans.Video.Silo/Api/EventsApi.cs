using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orleans.Video.Client;

namespace Orleans.Video.Silo.Api;

/// <summary>The events API: what tracked objects did, per camera or across the cluster, stored and live.</summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/events", (VideoClient video, [FromQuery] string? camera, [FromQuery] string? from, [FromQuery] string? to,
                [FromQuery] string? label, [FromQuery] string? zone, [FromQuery] string? kind, [FromQuery] string? limit, [FromQuery] string? cursor) =>
                QueryAsync(video, string.IsNullOrEmpty(camera) ? null : camera, from, to, label, zone, kind, limit, cursor))
            .RequireAuthorization().WithTags("Events")
            .WithSummary("Events of every camera (or of ?camera=), newest first, filtered by time, label, zone and kind, paged with a cursor.");
        var cameras = app.MapGroup("/api/cameras/{id}/events").RequireAuthorization().WithTags("Events");
        cameras.MapGet("/", (string id, VideoClient video, [FromQuery] string? from, [FromQuery] string? to,
                [FromQuery] string? label, [FromQuery] string? zone, [FromQuery] string? kind, [FromQuery] string? limit, [FromQuery] string? cursor) =>
                QueryAsync(video, id, from, to, label, zone, kind, limit, cursor))
            .WithSummary("One camera's events, newest first.");
        cameras.MapGet("/live", LiveEvents.StreamAsync).WithSummary("One camera's events as Server-Sent Events: each start, better snapshot and end.");
        cameras.MapGet("/{eventId}/snapshot", SnapshotAsync).WithSummary("The event's best frame with the object marked (JPEG).");
        return app;
    }

    private static async Task<Results<Ok<EventPageView>, NotFound, ProblemHttpResult>> QueryAsync(
        VideoClient video, string? camera, string? from, string? to, string? label, string? zone, string? kind, string? limit, string? cursor)
    {
        if (!VideoApi.TryParseTime(from, out var fromTime) || !VideoApi.TryParseTime(to, out var toTime))
        {
            return VideoApi.BadRequest("from and to must be ISO 8601 times, e.g. 2026-11-23T16:00:00Z");
        }
        EventKind? eventKind = null;
        if (!string.IsNullOrEmpty(kind))
        {
            // Exact names only: Enum.TryParse would also take numbers and "object,zone" (flags OR'ed together).
            if (Enum.GetNames<EventKind>().FirstOrDefault(n => string.Equals(n, kind, StringComparison.OrdinalIgnoreCase)) is not { } name
                || !Enum.TryParse<EventKind>(name, out var parsed))
            {
                return VideoApi.BadRequest($"kind must be one of {string.Join(", ", Enum.GetNames<EventKind>().Select(n => n.ToLowerInvariant()))}");
            }
            eventKind = parsed;
        }
        var pageSize = 100;
        if (limit is not null && (!int.TryParse(limit, out pageSize) || pageSize < 1 || pageSize > EventQuery.MaxLimit))
        {
            return VideoApi.BadRequest($"limit must be an integer between 1 and {EventQuery.MaxLimit}");
        }
        if (!EventCursorCodec.TryDecode(cursor, out var before))
        {
            return VideoApi.BadRequest("cursor is not one this API returned");
        }
        var query = new EventQuery(fromTime, toTime, NullIfEmpty(label), NullIfEmpty(zone), eventKind, pageSize, before);
        if (query.Error() is { } error)
        {
            return VideoApi.BadRequest(error);
        }
        if (camera is not null && await video.GetCameraAsync(camera) is null)
        {
            return TypedResults.NotFound();
        }
        var page = await video.QueryEventsAsync(camera, query);
        return TypedResults.Ok(new EventPageView(
            page.Items.Select(EventView.From).ToArray(),
            page.Next is { } next ? EventCursorCodec.Encode(next) : null));
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> SnapshotAsync(string id, string eventId, VideoClient video) =>
        await video.GetCameraAsync(id) is not null && await video.GetEventSnapshotAsync(id, eventId) is { } jpeg
            ? TypedResults.File(jpeg, "image/jpeg")
            : TypedResults.NotFound();

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
