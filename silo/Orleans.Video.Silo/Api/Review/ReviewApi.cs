using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orleans.Video.Client;

namespace Orleans.Video.Silo.Api.Review;

/// <summary>
/// The review queue: a range's events grouped into items (<see cref="ReviewItems"/>), alerts and detections, each
/// marked reviewed or not for the key asking (<see cref="IReviewGrain"/>, keyed by the key's name). Any key may review:
/// marks are its own and change nothing else.
/// </summary>
public static class ReviewApi
{
    /// <summary>Events read for one answer; a range holding more says so (<see cref="ReviewPageView.Truncated"/>).</summary>
    public const int MaxEvents = 5_000;
    public const int MaxItems = 500;
    public const int MaxMarks = 1_000;
    private const int MaxBodyBytes = 256 * 1024;
    private static readonly TimeSpan DefaultRange = TimeSpan.FromDays(1);

    public static IEndpointRouteBuilder MapReviewApi(this IEndpointRouteBuilder app)
    {
        var review = app.MapGroup("/api/review").RequireAuthorization().WithTags("Review");
        review.MapGet("/", ListAsync).WithSummary(
            "Review items (overlapping events of a camera), newest first: ?from=&to= (the last day), camera=, label=, zone=, severity=alert|detection, reviewed=false|true|any (false), limit= (100).");
        review.MapGet("/summary", SummaryAsync).WithSummary("Unreviewed alerts and detections of the last day (or since ?from=), for the key asking.");
        review.MapPost("/reviewed", MarkAsync).WithSummary(
            "Mark events reviewed for the key asking: {\"events\":[{\"cameraId\",\"eventId\",\"start\"}]}, or everything that started before {\"until\":\"…\"}.");
        return app;
    }

    private static async Task<Results<Ok<ReviewPageView>, ProblemHttpResult>> ListAsync(
        HttpContext context, VideoClient video, IClusterClient cluster, TimeProvider clock, [FromQuery] string[]? camera,
        [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? label, [FromQuery] string? zone,
        [FromQuery] string? severity, [FromQuery] string? reviewed, [FromQuery] string? limit)
    {
        if (!QueryText.TryCameras(camera, out var cameras, out var badCamera))
        {
            return VideoApi.BadRequest(badCamera!);
        }
        if (!TryRange(from, to, clock, out var start, out var end))
        {
            return VideoApi.BadRequest($"{QueryText.TimeRule}, from earlier than to");
        }
        if (severity is { Length: > 0 } && severity is not (ReviewItemView.Alert or ReviewItemView.Detection))
        {
            return VideoApi.BadRequest($"severity must be {ReviewItemView.Alert} or {ReviewItemView.Detection}");
        }
        if (reviewed is { Length: > 0 } and not ("false" or "true" or "any"))
        {
            return VideoApi.BadRequest("reviewed must be false, true or any");
        }
        bool? wantReviewed = reviewed switch { "true" => true, "any" => null, _ => false };
        if (!QueryText.TryLimit(limit, MaxItems, out var size))
        {
            return VideoApi.BadRequest($"limit must be an integer between 1 and {MaxItems}");
        }
        var (items, truncated) = await ItemsAsync(context, video, cluster, clock, cameras, start, end);
        var shown = items
            .Where(item => string.IsNullOrEmpty(severity) || item.Severity == severity)
            .Where(item => wantReviewed is null || item.Reviewed == wantReviewed)
            .Where(item => string.IsNullOrEmpty(label) || item.Labels.Contains(label, StringComparer.OrdinalIgnoreCase))
            .Where(item => string.IsNullOrEmpty(zone) || item.Zones.Contains(zone, StringComparer.OrdinalIgnoreCase))
            .Take(size)
            .ToArray();
        return TypedResults.Ok(new ReviewPageView(shown, truncated));
    }

    private static async Task<Results<Ok<ReviewSummaryView>, ProblemHttpResult>> SummaryAsync(
        HttpContext context, VideoClient video, IClusterClient cluster, TimeProvider clock, [FromQuery] string? from)
    {
        if (!TryRange(from, null, clock, out var start, out var end))
        {
            return VideoApi.BadRequest(QueryText.TimeRule);
        }
        var (items, truncated) = await ItemsAsync(context, video, cluster, clock, null, start, end);
        var open = items.Where(item => !item.Reviewed).ToList();
        return TypedResults.Ok(new ReviewSummaryView(
            start, open.Count(item => item.Severity == ReviewItemView.Alert), open.Count(item => item.Severity == ReviewItemView.Detection), truncated));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkAsync(HttpRequest request, IClusterClient cluster, TimeProvider clock)
    {
        MarkReviewedRequest? body;
        try
        {
            if (RequestBody.Limit(request, MaxBodyBytes) is { } tooLarge)
            {
                return tooLarge;
            }
            body = await request.ReadFromJsonAsync<MarkReviewedRequest>(request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return RequestBody.TooLarge(MaxBodyBytes);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or BadHttpRequestException)
        {
            return VideoApi.BadRequest($"body must be JSON like {{\"events\":[{{\"cameraId\":\"gate\",\"eventId\":\"…\",\"start\":\"…\"}}]}} or {{\"until\":\"…\"}}: {e.Message}");
        }
        if (body is null || (body.Events is null && body.Until is null))
        {
            return VideoApi.BadRequest("body must name events or until");
        }
        if (body.Events is { Count: > MaxMarks })
        {
            return VideoApi.BadRequest($"events: at most {MaxMarks} at once; mark everything before a time with until");
        }
        var marks = new List<ReviewedEvent>();
        for (var i = 0; i < (body.Events?.Count ?? 0); i++)
        {
            var e = body.Events![i];
            if (e is null || CameraId.Validate(e.CameraId) is not null || string.IsNullOrWhiteSpace(e.EventId) || e.EventId.Length > 256 || e.Start is null)
            {
                return VideoApi.BadRequest($"events[{i}] must have a cameraId (a camera id), an eventId and a start");
            }
            marks.Add(new ReviewedEvent(e.CameraId!, e.EventId, e.Start.Value));
        }
        var grain = cluster.GetGrain<IReviewGrain>(KeyName(request.HttpContext));
        if (body.Until is { } until)
        {
            // Not beyond now: "everything up to now" must not swallow what has not happened yet.
            await grain.MarkUntilAsync(until < clock.GetUtcNow() ? until : clock.GetUtcNow());
        }
        if (marks.Count > 0)
        {
            await grain.MarkAsync(marks);
        }
        return TypedResults.NoContent();
    }

    /// <summary>
    /// The range's items for the key asking: its events (at most <see cref="MaxEvents"/>, newest first, so what is cut
    /// is the oldest), the cameras' alert rules, and the key's marks.
    /// </summary>
    private static async Task<(IReadOnlyList<ReviewItemView> Items, bool Truncated)> ItemsAsync(
        HttpContext context, VideoClient video, IClusterClient cluster, TimeProvider clock,
        IReadOnlyList<string>? cameras, DateTimeOffset from, DateTimeOffset to)
    {
        var events = new List<VideoEvent>();
        EventCursor? cursor = null;
        var truncated = false;
        do
        {
            var page = await video.SearchEventsAsync(cameras, new EventQuery(from, to, Limit: EventQuery.MaxLimit, Before: cursor));
            events.AddRange(page.Items);
            cursor = page.Next;
            if (cursor is not null && events.Count >= MaxEvents)
            {
                truncated = true;
                break;
            }
        }
        while (cursor is not null);

        var ids = events.Select(e => e.CameraId).Distinct(StringComparer.Ordinal).ToArray();
        var configs = await Task.WhenAll(ids.Select(id => video.GetCameraConfigAsync(id)));
        var rules = ids.Zip(configs).ToDictionary(pair => pair.First, pair => pair.Second?.Alerts, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var earliest = events.Count == 0 ? from : events.Min(e => e.Start);
        var marks = await cluster.GetGrain<IReviewGrain>(KeyName(context)).GetAsync(earliest, now.AddMinutes(1));
        return (ReviewItems.Group(events, rules, marks, now), truncated);
    }

    /// <summary>Each key reviews for itself: its name is its review grain's key.</summary>
    private static string KeyName(HttpContext context) => context.User.Identity?.Name ?? "";

    private static bool TryRange(string? from, string? to, TimeProvider clock, out DateTimeOffset start, out DateTimeOffset end)
    {
        start = end = default;
        if (!QueryText.TryTime(from, out var fromTime) || !QueryText.TryTime(to, out var toTime))
        {
            return false;
        }
        end = toTime ?? clock.GetUtcNow();
        start = fromTime ?? end - DefaultRange;
        return start < end;
    }
}
