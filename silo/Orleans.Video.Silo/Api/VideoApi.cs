using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orleans.Video.Client;
using Orleans.Video.Inference;
using Orleans.Video.Silo.Security;

namespace Orleans.Video.Silo.Api;

/// <summary>The HTTP API: cameras and their detections. Every silo serves the whole cluster.</summary>
public static class VideoApi
{
    // Room for the largest valid camera: 32 zones of 64 vertices is about 45 KB of JSON.
    private const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapVideoApi(this IEndpointRouteBuilder app)
    {
        var cameras = app.MapGroup("/api/cameras").RequireAuthorization().WithTags("Cameras");
        app.MapGet("/api/models", (IInferenceEngine engine) => TypedResults.Ok(engine.GetStatus())).RequireAuthorization().WithTags("Models")
            .WithSummary("This silo's models: loaded or not (and why not), what runs each (CUDA, CPU or OpenCV), and its batching counters.");
        cameras.MapGet("/", ListAsync).WithSummary(
            "Cameras in id order with their compact status (state, counters, host silo, source, model, zone names), up to ?limit= (1000) a page; the next page is in the Link header (rel=next).");
        cameras.MapPost("/", AddAsync).RequireAuthorization(ApiPolicies.Operator).WithSummary("Add (or reconfigure) a camera and start it.");
        cameras.MapGet("/{id}", GetAsync).WithSummary("One camera's status and whole configuration.");
        cameras.MapDelete("/{id}", RemoveAsync).RequireAuthorization(ApiPolicies.Operator).WithSummary("Stop and forget a camera; its stored detections stay.");
        cameras.MapGet("/{id}/detections", QueryAsync).WithSummary("Persisted detections, newest first, paged with a cursor.");
        app.MapGet("/api/detections", SearchAsync).RequireAuthorization().WithTags("Cameras")
            .WithSummary("Persisted detections of every camera (or of ?camera=a,b), newest first, by time and label, paged with a cursor: one indexed query however many cameras.");
        cameras.MapGet("/{id}/snapshot", SnapshotAsync).WithSummary("The newest processed frame with its detection boxes drawn (JPEG).");
        cameras.MapGet("/{id}/live", LiveDetections.StreamAsync).CountsAsLiveStream().WithSummary("Live detections as Server-Sent Events, one event per processed frame.");
        return app;
    }

    internal static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");

    private static async Task<Results<FileContentHttpResult, NotFound>> SnapshotAsync(string id, VideoClient video, IClusterClient cluster)
    {
        if (!await video.CameraExistsAsync(id) || await cluster.GetGrain<ICameraGrain>(id).GetSnapshotAsync() is not { } jpeg)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.File(jpeg, "image/jpeg");
    }

    private static async Task<Results<Ok<CameraView[]>, ProblemHttpResult>> ListAsync(
        HttpContext context, VideoClient video, [FromQuery] string? limit, [FromQuery] string? cursor)
    {
        if (!QueryText.TryLimit(limit, VideoClient.MaxCamerasPerPage, out var size, fallback: VideoClient.MaxCamerasPerPage))
        {
            return BadRequest($"limit must be an integer between 1 and {VideoClient.MaxCamerasPerPage}");
        }
        if (!string.IsNullOrEmpty(cursor) && CameraId.Validate(cursor) is not null)
        {
            return BadRequest("cursor is not one this API returned");
        }
        var page = await video.ListCamerasAsync(QueryText.NullIfEmpty(cursor), size);
        if (page.Next is { } next)
        {
            // The body stays a plain array, as before paging: the next page's address travels in the Link header (RFC 8288).
            context.Response.Headers.Link = $"</api/cameras?limit={size}&cursor={Uri.EscapeDataString(next)}>; rel=\"next\"";
        }
        return TypedResults.Ok(page.Items.Select(status => Shown(context, CameraView.From(status))).ToArray());
    }

    private static async Task<Results<Created<CameraView>, ProblemHttpResult>> AddAsync(HttpRequest request, VideoClient video)
    {
        AddCameraRequest? body;
        try
        {
            if (RequestBody.Limit(request, MaxBodyBytes) is { } tooLarge)
            {
                return tooLarge;
            }
            body = await request.ReadFromJsonAsync<AddCameraRequest>(request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return RequestBody.TooLarge(MaxBodyBytes);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or BadHttpRequestException)
        {
            return BadRequest($"body must be JSON like {{\"id\":\"cam1\",\"source\":\"rtsp://…\",\"fps\":5,\"model\":\"shapes\"}}: {e.Message}");
        }
        if (body is null)
        {
            return BadRequest("body is required");
        }
        if (CameraId.Validate(body.Id) is { } idError)
        {
            return BadRequest(idError);
        }
        // A form filled from the masked view sends "user:***@": the stored password stays.
        var stored = await video.GetCameraConfigAsync(body.Id!);
        var source = body.Source is null ? null : SourceCredentials.Restore(body.Source, stored?.Source);
        var recordSource = body.RecordSource is null ? null : SourceCredentials.Restore(body.RecordSource, stored?.RecordSource);
        if ((body.Source is not null && source is null) || (body.RecordSource is not null && recordSource is null))
        {
            var field = body.Source is not null && source is null ? "source" : "recordSource";
            return BadRequest($"{field} carries '{SourceCredentials.Mask}' instead of a password, and the camera has no stored password for that address to keep: send the password");
        }
        body = body with { Source = source, RecordSource = recordSource };
        var config = new CameraConfig(body.Source ?? "", body.Fps ?? 0, body.Model ?? CameraConfig.DefaultModel, body.Loop ?? true, body.MotionGate ?? true, body.Zones, body.Filter, body.Record,
            body.RecordSource, body.RtspTransport ?? RtspTransport.Auto, body.Hwaccel ?? HwAccel.None, body.KeyframesOnly ?? false,
            body.TlsVerify ?? true, body.Alerts, body.MotionMasks);
        try
        {
            // Checked by the registry (the rules, before a grain is woken) and the camera's grain (the model, its labels, the source policy): not here.
            await video.AddCameraAsync(body.Id!, config);
        }
        catch (ArgumentException e)
        {
            return BadRequest(ArgumentErrors.Reason(e));
        }
        var added = (await video.GetCameraWithConfigAsync(body.Id!))!.Value;
        return TypedResults.Created($"/api/cameras/{body.Id}", Shown(request.HttpContext, CameraView.From(added.Status, added.Config)));
    }

    private static async Task<Results<Ok<CameraView>, NotFound>> GetAsync(string id, HttpContext context, VideoClient video) =>
        await video.GetCameraWithConfigAsync(id) is { } camera ? TypedResults.Ok(Shown(context, CameraView.From(camera.Status, camera.Config))) : TypedResults.NotFound();

    /// <summary>A camera as the caller may see it: passwords in its sources for admins only.</summary>
    private static CameraView Shown(HttpContext context, CameraView view) => context.User.Role() == ApiRole.Admin ? view : view.WithoutSecrets();

    private static async Task<Results<NoContent, NotFound>> RemoveAsync(string id, VideoClient video) =>
        await video.RemoveCameraAsync(id) ? TypedResults.NoContent() : TypedResults.NotFound();

    /// <summary>Across cameras: stored detections of cameras since removed still answer, so unknown ids are no error.</summary>
    private static async Task<Results<Ok<DetectionPageView>, ProblemHttpResult>> SearchAsync(
        VideoClient video, [FromQuery] string[]? camera, [AsParameters] DetectionsParameters parameters)
    {
        if (!QueryText.TryCameras(camera, out var cameras, out var badCamera))
        {
            return BadRequest(badCamera!);
        }
        if (parameters.TryGetQuery(out var query) is { } refused)
        {
            return BadRequest(refused);
        }
        return TypedResults.Ok(View(await video.SearchDetectionsAsync(cameras, query)));
    }

    private static async Task<Results<Ok<DetectionPageView>, NotFound, ProblemHttpResult>> QueryAsync(
        string id, VideoClient video, [AsParameters] DetectionsParameters parameters)
    {
        if (parameters.TryGetQuery(out var query) is { } refused)
        {
            return BadRequest(refused);
        }
        if (!await video.CameraExistsAsync(id))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(View(await video.QueryDetectionsAsync(id, query)));
    }

    private static DetectionPageView View(DetectionPage page) => new(
        page.Items.Select(DetectionView.From).ToArray(),
        page.Next is { } next ? CursorCodec.Encode(next) : null);
}
