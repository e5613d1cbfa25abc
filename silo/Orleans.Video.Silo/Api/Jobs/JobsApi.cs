// Over 300 lines: every endpoint of /api/jobs (submit three ways, status, results and their export, the file, cancel)
// with its request parsing; the upload is in JobUpload.cs and the views in JobViews.
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orleans.Video.Client;
using Orleans.Video.Silo.Security;
using Orleans.Video.Grains.Jobs;
using Orleans.Video.Media;
using Orleans.Video.Media.Jobs;

namespace Orleans.Video.Silo.Api.Jobs;

/// <summary>
/// Analysis jobs over HTTP: submit a file (uploaded, under the media roots, or a camera's recorded range), follow its
/// progress, read and export its results, play its file, cancel or remove it. Any silo serves any job.
/// </summary>
public static class JobsApi
{
    private const int MaxJsonBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/jobs").RequireAuthorization().WithTags("Jobs");
        jobs.MapPost("/", SubmitAsync).RequireAuthorization(ApiPolicies.Operator).DisableAntiforgery().WithSummary(
            "Submit a job: multipart/form-data with a 'file' part (and model, fps, zones, filter, annotate fields), or JSON naming a file under Sources:MediaRoots (source) or a camera's recorded range (camera, from, to).");
        jobs.MapGet("/", ListAsync).WithSummary("Jobs, newest first, with their progress; ?limit= (100) and ?before= (a job id) page.");
        jobs.MapGet("/{id}", GetAsync).WithSummary("One job: state, frames done of total, frames per second, time left, error.");
        jobs.MapDelete("/{id}", CancelAsync).RequireAuthorization(ApiPolicies.Operator).WithSummary("Cancel a job that has not ended; remove one that has (its results, and its file if it was uploaded).");
        jobs.MapGet("/{id}/progress", ProgressAsync).CountsAsLiveStream().WithSummary("The job's status as Server-Sent Events ('progress'), a second apart, until it ends.");
        jobs.MapGet("/{id}/detections", DetectionsAsync).WithSummary(
            "Detections in media order; ?from=&to= (seconds), ?label=, ?limit=&cursor= page; ?format=jsonl or csv exports them all.");
        jobs.MapGet("/{id}/events", EventsAsync).WithSummary(
            "Events in order of start; ?from=&to= (seconds), ?label=, ?kind=, ?zone=, ?limit=&cursor= page; ?format=jsonl or csv exports them all.");
        jobs.MapGet("/{id}/video", VideoAsync).WithSummary("The job's file, or with ?annotated=true its annotated output (H.264, boxes drawn), for the player (range requests).");
        return app;
    }

    private static async Task<IResult> SubmitAsync(
        HttpContext context, VideoClient video, IOptions<MediaStorageOptions> storage, IOptions<JobsOptions> jobs, IOptions<JsonOptions> json,
        ClipWriter clips, TimeProvider clock, IGrainFactory grains)
    {
        var id = JobId.New(clock.GetUtcNow());
        var request = context.Request;
        string? owned = null;
        try
        {
            JobSpec spec;
            if (request.HasFormContentType)
            {
                if (!storage.Value.Enabled)
                {
                    return VideoApi.BadRequest("uploads are stored under the media storage root, and none is set (Storage:Root)");
                }
                owned = JobFiles.Folder(storage.Value.Root, id);
                // The cluster's upload budget, before a byte is read: a body without a length may be as large as allowed.
                var quota = grains.GetGrain<IUploadQuotaGrain>(IUploadQuotaGrain.Key);
                var size = Math.Min(request.ContentLength ?? jobs.Value.MaxUploadBytes, jobs.Value.MaxUploadBytes);
                if (await quota.ReserveAsync(id, size) is { } full)
                {
                    context.Response.Headers.RetryAfter = "30";
                    return TypedResults.Problem(full, statusCode: StatusCodes.Status429TooManyRequests, title: "Upload refused");
                }
                var upload = new JobUpload();
                try
                {
                    if (await upload.ReceiveAsync(request, owned, jobs.Value.MaxUploadBytes) is { } refused)
                    {
                        return TypedResults.Problem(refused.Reason, statusCode: refused.Status, title: "Upload refused");
                    }
                }
                finally
                {
                    await quota.ReleaseAsync(id);
                }
                if (FormOptions(upload.Fields, json.Value.SerializerOptions, out var options) is { } badField)
                {
                    return VideoApi.BadRequest(badField);
                }
                spec = new JobSpec(upload.File!.Value.Path, upload.File.Value.Name, options, Owned: true);
            }
            else
            {
                SubmitJobRequest? body;
                try
                {
                    if (RequestBody.Limit(request, MaxJsonBytes) is { } tooLarge)
                    {
                        return tooLarge;
                    }
                    body = await request.ReadFromJsonAsync<SubmitJobRequest>(context.RequestAborted);
                }
                catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    return RequestBody.TooLarge(MaxJsonBytes);
                }
                catch (Exception e) when (e is JsonException or InvalidOperationException or BadHttpRequestException)
                {
                    return VideoApi.BadRequest($"body must be JSON like {{\"source\":\"/media/export.mp4\",\"model\":\"people\"}}, or a multipart upload: {e.Message}");
                }
                if (body is null || (body.Source is null) == (body.Camera is null))
                {
                    return VideoApi.BadRequest("name either a source file or a camera (with from and to)");
                }
                if (body.Options.Validate() is { Count: > 0 } errors)
                {
                    return VideoApi.BadRequest(string.Join("; ", errors));
                }
                if (body.Source is { } source)
                {
                    spec = new JobSpec(source, Path.GetFileName(source), body.Options);
                }
                else
                {
                    owned = JobFiles.Folder(storage.Value.Root, id);
                    if (await ExportRangeAsync(body, owned, video, storage.Value, clips, context.RequestAborted) is not { } exported)
                    {
                        return RangeRefused(body, storage.Value);
                    }
                    if (exported.Error is { } error)
                    {
                        return VideoApi.BadRequest(error);
                    }
                    spec = new JobSpec(exported.Path!, Path.GetFileName(exported.Path!), body.Options, Owned: true);
                }
            }
            var status = await video.SubmitJobAsync(id, spec);
            owned = null; // the job has it now
            return TypedResults.Accepted($"/api/jobs/{id}", JobView.From(status));
        }
        catch (ArgumentException e)
        {
            return VideoApi.BadRequest(ArgumentErrors.Reason(e));
        }
        finally
        {
            if (owned is not null && Directory.Exists(owned))
            {
                Directory.Delete(owned, recursive: true);
            }
        }
    }

    /// <summary>The options of a multipart submission, from its text fields.</summary>
    private static string? FormOptions(Dictionary<string, string> fields, JsonSerializerOptions json, out JobOptions options)
    {
        options = new JobOptions("");
        var known = new[] { "model", "fps", "zones", "filter", "annotate" };
        if (fields.Keys.FirstOrDefault(key => !known.Contains(key, StringComparer.OrdinalIgnoreCase)) is { } unknown)
        {
            return $"unknown field '{unknown}'; the fields are {string.Join(", ", known)} and the file";
        }
        double fps = 0;
        if (fields.TryGetValue("fps", out var fpsText) && fpsText.Length > 0
            && !double.TryParse(fpsText, NumberStyles.Float, CultureInfo.InvariantCulture, out fps))
        {
            return "fps must be a number (0 for every frame)";
        }
        var annotate = false;
        if (fields.TryGetValue("annotate", out var annotateText) && annotateText.Length > 0 && !bool.TryParse(annotateText, out annotate))
        {
            return "annotate must be true or false";
        }
        List<Zone>? zones = null;
        DetectionFilter? filter = null;
        try
        {
            if (fields.TryGetValue("zones", out var zonesText) && zonesText.Length > 0)
            {
                zones = JsonSerializer.Deserialize<List<Zone>>(zonesText, json);
            }
            if (fields.TryGetValue("filter", out var filterText) && filterText.Length > 0)
            {
                filter = JsonSerializer.Deserialize<DetectionFilter>(filterText, json);
            }
        }
        catch (JsonException e)
        {
            return $"zones and filter are JSON, as in a camera's configuration: {e.Message}";
        }
        options = new JobOptions(fields.GetValueOrDefault("model") ?? CameraConfig.DefaultModel, fps, zones, filter, annotate);
        return options.Validate() is { Count: > 0 } errors ? string.Join("; ", errors) : null;
    }

    /// <summary>Writes the camera's recorded range into the job's folder; null when nothing of it is recorded.</summary>
    private static async Task<(string? Path, string? Error)?> ExportRangeAsync(
        SubmitJobRequest body, string folder, VideoClient video, MediaStorageOptions storage, ClipWriter clips, CancellationToken cancellationToken)
    {
        if (!storage.Enabled || CameraId.Validate(body.Camera) is not null)
        {
            return null;
        }
        if (RecordingRange.TryParse(body.From, body.To, storage.MaxClipLength, "Storage:MaxClipLength", out var from, out var to) is { } refused)
        {
            return (null, refused);
        }
        var segments = (await video.GetRecordedSegmentsAsync(body.Camera!, from, to))
            .Where(s => File.Exists(RecordingLayout.Resolve(storage.Root, s.Path))).ToList();
        if (segments.Count == 0)
        {
            return null;
        }
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, JobFiles.SafeName($"{body.Camera}-{from.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.mp4"));
        var error = await clips.WriteFileAsync(PlaybackPlan.Make(storage.Root, segments, from, to), to, path, cancellationToken);
        return (path, error is null ? null : $"the recorded range could not be exported: {error}");
    }

    private static ProblemHttpResult RangeRefused(SubmitJobRequest body, MediaStorageOptions storage) => storage.Enabled
        ? TypedResults.Problem($"camera '{body.Camera}' has nothing recorded between {body.From} and {body.To} (or there is no such camera)",
            statusCode: StatusCodes.Status404NotFound, title: "Not recorded")
        : VideoApi.BadRequest("a camera's range is analysed from its recording, and no media storage root is set (Storage:Root)");

    private static async Task<Results<Ok<JobView[]>, ProblemHttpResult>> ListAsync(VideoClient video, [FromQuery] string? limit, [FromQuery] string? before)
    {
        if (!QueryText.TryLimit(limit, VideoClient.MaxJobsPerPage, out var size))
        {
            return VideoApi.BadRequest($"limit must be an integer between 1 and {VideoClient.MaxJobsPerPage}");
        }
        var jobs = await video.ListJobsAsync(QueryText.NullIfEmpty(before), size);
        return TypedResults.Ok(jobs.Select(JobView.From).ToArray());
    }

    private static async Task<Results<Ok<JobView>, NotFound>> GetAsync(string id, VideoClient video) =>
        JobId.Validate(id) is null && await video.GetJobAsync(id) is { } status ? TypedResults.Ok(JobView.From(status)) : TypedResults.NotFound();

    private static async Task<Results<NoContent, NotFound>> CancelAsync(string id, VideoClient video) =>
        JobId.Validate(id) is null && await video.CancelJobAsync(id) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<IResult> ProgressAsync(string id, VideoClient video, HttpContext context)
    {
        if (JobId.Validate(id) is not null || await video.GetJobAsync(id) is null)
        {
            return TypedResults.NotFound();
        }
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var ends = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        context.Response.RegisterForDispose(ends);
        return TypedResults.ServerSentEvents(ProgressEventsAsync(id, video, ends.Token));
    }

    private static async IAsyncEnumerable<SseItem<JobView>> ProgressEventsAsync(string id, VideoClient video, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && await video.GetJobAsync(id) is { } status)
        {
            yield return new SseItem<JobView>(JobView.From(status), "progress");
            if (status.State.IsEnded())
            {
                yield break;
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    private static Task<IResult> DetectionsAsync(string id, VideoClient video, HttpContext context, IOptions<JsonOptions> json, [AsParameters] JobQueryParameters parameters) =>
        ResultsAsync(id, video, context, json.Value.SerializerOptions, parameters, video.QueryJobDetectionsAsync, JobDetectionView.From,
            JobCsv.DetectionHeader, JobCsv.Row);

    private static Task<IResult> EventsAsync(string id, VideoClient video, HttpContext context, IOptions<JsonOptions> json, [AsParameters] JobQueryParameters parameters) =>
        ResultsAsync(id, video, context, json.Value.SerializerOptions, parameters, video.QueryJobEventsAsync, JobEventView.From,
            JobCsv.EventHeader, JobCsv.Row);

    /// <summary>A page of results as JSON, or all of them streamed as JSON Lines or CSV.</summary>
    private static async Task<IResult> ResultsAsync<T, TView>(
        string id, VideoClient video, HttpContext context, JsonSerializerOptions json, JobQueryParameters parameters,
        Func<string, JobQuery, Task<JobPage<T>>> query, Func<T, TView> view, string csvHeader, Func<T, string> csvLine)
    {
        if (parameters.TryGetQuery(out var first, out var export) is { } refused)
        {
            return VideoApi.BadRequest(refused);
        }
        if (JobId.Validate(id) is not null || await video.GetJobAsync(id) is null)
        {
            return TypedResults.NotFound();
        }
        try
        {
            if (export is null)
            {
                var page = await query(id, first);
                return TypedResults.Ok(new JobPageView<TView>([.. page.Items.Select(view)], page.Next));
            }
            // Everything, page after page, written as it is read.
            var response = context.Response;
            response.ContentType = export == ExportFormat.Csv ? "text/csv; charset=utf-8" : "application/jsonl; charset=utf-8";
            var kind = typeof(T) == typeof(JobEvent) ? "events" : "detections";
            response.Headers.ContentDisposition = $"attachment; filename=\"{id}-{kind}.{(export == ExportFormat.Csv ? "csv" : "jsonl")}\"";
            await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), 1 << 16);
            if (export == ExportFormat.Csv)
            {
                await writer.WriteLineAsync(csvHeader);
            }
            await foreach (var item in video.ReadAllAsync(q => query(id, q), first).WithCancellation(context.RequestAborted))
            {
                await writer.WriteLineAsync(export == ExportFormat.Csv ? csvLine(item) : JsonSerializer.Serialize(view(item), json));
            }
            return TypedResults.Empty;
        }
        catch (ArgumentException e)
        {
            return VideoApi.BadRequest(ArgumentErrors.Reason(e));
        }
    }

    private static async Task<IResult> VideoAsync(string id, VideoClient video, [FromQuery] bool? annotated)
    {
        if (JobId.Validate(id) is not null || await video.GetJobAsync(id) is not { } status
            || (annotated == true ? status.Output : status.Source) is not { } path || !File.Exists(path))
        {
            return TypedResults.NotFound();
        }
        var type = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".mp4" or ".m4v" or ".mov" => "video/mp4",
            ".webm" => "video/webm",
            ".mkv" => "video/x-matroska",
            ".ts" => "video/mp2t",
            ".avi" => "video/x-msvideo",
            _ => "application/octet-stream",
        };
        return TypedResults.PhysicalFile(path, type, enableRangeProcessing: true);
    }
}
