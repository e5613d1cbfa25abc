using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orleans.Video.Client;

using Orleans.Video.Silo.Security;

namespace Orleans.Video.Silo.Api;

/// <summary>The events API: what tracked objects did, per camera or across the cluster, stored and live.</summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/events", SearchAsync).RequireAuthorization().WithTags("Events")
            .WithSummary("Events of every camera (or of ?camera=a,b), newest first, filtered by time, label, zone and kind, paged with a cursor: one indexed query however many cameras.");
        var cameras = app.MapGroup("/api/cameras/{id}/events").RequireAuthorization().WithTags("Events");
        cameras.MapGet("/", (string id, VideoClient video, [AsParameters] EventsParameters parameters) => QueryAsync(video, id, parameters))
            .WithSummary("One camera's events, newest first.");
        cameras.MapGet("/live", LiveEvents.StreamAsync).CountsAsLiveStream().WithSummary("One camera's events as Server-Sent Events: each start, better snapshot and end.");
        cameras.MapGet("/{eventId}/snapshot", SnapshotAsync).WithSummary("The event's best frame with the object marked (JPEG).");
        return app;
    }

    /// <summary>Across cameras: stored events of cameras since removed still answer, so unknown ids are no error.</summary>
    private static async Task<Results<Ok<EventPageView>, ProblemHttpResult>> SearchAsync(
        VideoClient video, [FromQuery] string[]? camera, [AsParameters] EventsParameters parameters)
    {
        if (!QueryText.TryCameras(camera, out var cameras, out var badCamera))
        {
            return VideoApi.BadRequest(badCamera!);
        }
        if (parameters.TryGetQuery(out var query) is { } refused)
        {
            return VideoApi.BadRequest(refused);
        }
        return TypedResults.Ok(View(await video.SearchEventsAsync(cameras, query)));
    }

    private static async Task<Results<Ok<EventPageView>, NotFound, ProblemHttpResult>> QueryAsync(
        VideoClient video, string camera, EventsParameters parameters)
    {
        if (parameters.TryGetQuery(out var query) is { } refused)
        {
            return VideoApi.BadRequest(refused);
        }
        if (!await video.CameraExistsAsync(camera))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(View(await video.QueryEventsAsync(camera, query)));
    }

    private static EventPageView View(EventPage page) => new(
        page.Items.Select(EventView.From).ToArray(),
        page.Next is { } next ? EventCursorCodec.Encode(next) : null);

    private static async Task<Results<FileContentHttpResult, NotFound>> SnapshotAsync(string id, string eventId, VideoClient video) =>
        await video.CameraExistsAsync(id) && await video.GetEventSnapshotAsync(id, eventId) is { } jpeg
            ? TypedResults.File(jpeg, "image/jpeg")
            : TypedResults.NotFound();
}
