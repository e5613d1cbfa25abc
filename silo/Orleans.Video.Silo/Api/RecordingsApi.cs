using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orleans.Video.Client;
using Orleans.Video.Media;

using Orleans.Video.Silo.Security;

namespace Orleans.Video.Silo.Api;

/// <summary>
/// Playback of recordings, from any silo (the media storage root is shared): the recorded spans, an HLS playlist of
/// a range, its segments (with HTTP range requests), and MP4 clips of a range or of an event. Files are found
/// through the index only: a request names a camera and times, never a path.
/// </summary>
public static class RecordingsApi
{
    /// <summary>The widest range one page of spans may look at.</summary>
    private static readonly TimeSpan MaxSpansRange = TimeSpan.FromDays(31);

    public static IEndpointRouteBuilder MapRecordingsApi(this IEndpointRouteBuilder app)
    {
        var cameras = app.MapGroup("/api/cameras/{id}").RequireAuthorization().WithTags("Recordings");
        cameras.MapGet("/recordings", SpansAsync).WithSummary("Recorded spans (start, end, bytes), newest first, paged with a cursor.");
        cameras.MapGet("/vod.m3u8", PlaylistAsync).WithSummary("An HLS playlist of the recording between from and to.");
        cameras.MapGet("/segments/{file}", SegmentAsync).WithSummary("One recorded segment (MPEG-TS), named in a playlist; HTTP range requests are served.");
        cameras.MapGet("/frame.jpg", FrameAsync).CountsAsClipExport().WithSummary("The recorded frame at ?at= as a small JPEG (?width=, 320 px): the timeline's preview.");
        cameras.MapGet("/clip.mp4", ClipAsync).CountsAsClipExport().WithSummary("The recording between from and to as one MP4, streamed while it is made.");
        cameras.MapGet("/events/{eventId}/clip.mp4", EventClipAsync).CountsAsClipExport().WithSummary("An event's clip, with the camera's padding before and after.");
        return app;
    }

    private static async Task<Results<Ok<RecordingPageView>, NotFound, ProblemHttpResult>> SpansAsync(
        string id, string? from, string? to, string? limit, string? cursor, VideoClient video, TimeProvider clock)
    {
        if (!QueryText.TryTime(from, out var fromTime) || !QueryText.TryTime(to, out var toTime))
        {
            return VideoApi.BadRequest(QueryText.TimeRule);
        }
        if (!QueryText.TryLimit(limit, 1000, out var count))
        {
            return VideoApi.BadRequest("limit must be an integer between 1 and 1000");
        }
        long before = long.MaxValue;
        if (!string.IsNullOrEmpty(cursor) && !long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out before))
        {
            return VideoApi.BadRequest("cursor is not one this API returned");
        }
        // Without "to": up to now, and a minute on, for the newest segment of a live source can be dated a little
        // ahead of the wall clock (RecordingSession.TakeFinished).
        var end = toTime ?? clock.GetUtcNow() + TimeSpan.FromMinutes(1);
        var start = fromTime ?? end - TimeSpan.FromDays(1);
        if (end <= start)
        {
            return VideoApi.BadRequest("to must be later than from");
        }
        if (end - start > MaxSpansRange)
        {
            return VideoApi.BadRequest($"the range may be at most {MaxSpansRange.TotalDays:0} days long");
        }
        if (!await video.CameraExistsAsync(id))
        {
            return TypedResults.NotFound();
        }
        var spans = (await video.GetRecordingsAsync(id, start, end))
            .Where(s => s.Start.ToUnixTimeMilliseconds() < before)
            .OrderByDescending(s => s.Start)
            .ToList();
        var page = spans.Take(count).Select(s => new RecordingSpanView(s.Start, s.End, s.Bytes, s.Segments)).ToArray();
        var next = spans.Count > count ? page[^1].Start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new RecordingPageView(page, next));
    }

    private static async Task<IResult> PlaylistAsync(
        string id, string? from, string? to, VideoClient video, IOptions<MediaStorageOptions> storage)
    {
        var options = storage.Value;
        if (RecordingRange.TryParse(from, to, options.MaxPlaylistLength, "Storage:MaxPlaylistLength", out var start, out var end) is { } refused)
        {
            return VideoApi.BadRequest(refused);
        }
        if (await PiecesAsync(id, start, end, video, options, checkFiles: false) is not { } pieces)
        {
            return NothingRecorded(start, end);
        }
        // Relative URIs: the playlist works behind any proxy prefix, and the API key cookie or header goes with them.
        var playlist = HlsPlaylist.Write(pieces, segment => $"segments/{segment.Key}.ts");
        return TypedResults.Text(playlist, "application/vnd.apple.mpegurl");
    }

    private static async Task<IResult> SegmentAsync(string id, string file, VideoClient video, IOptions<MediaStorageOptions> storage)
    {
        if (!file.EndsWith(".ts", StringComparison.Ordinal)
            || !long.TryParse(file.AsSpan(0, file.Length - 3), NumberStyles.None, CultureInfo.InvariantCulture, out var key))
        {
            return VideoApi.BadRequest("a segment is named by its start in Unix milliseconds, e.g. 1764511320000.ts, as the playlist gives it");
        }
        // Ids that no camera can have are not looked up: no index grain is activated for an arbitrary key.
        if (!storage.Value.Enabled || CameraId.Validate(id) is not null || await video.FindSegmentAsync(id, key) is not { } segment)
        {
            return TypedResults.NotFound();
        }
        var path = RecordingLayout.Resolve(storage.Value.Root, segment.Path);
        return File.Exists(path)
            ? TypedResults.PhysicalFile(path, "video/mp2t", enableRangeProcessing: true)
            : TypedResults.NotFound();
    }

    /// <summary>One recorded frame, scaled down: the segment that holds the moment, decoded from its start by ffmpeg.</summary>
    private static async Task<IResult> FrameAsync(string id, string? at, string? width, HttpContext context, VideoClient video, IOptions<MediaStorageOptions> storage)
    {
        if (!QueryText.TryTime(at, out var time) || time is not { } moment)
        {
            return VideoApi.BadRequest($"at is required: {QueryText.TimeRule}");
        }
        var size = 320;
        if (!string.IsNullOrEmpty(width)
            && (!int.TryParse(width, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < RecordedFrame.MinWidth || size > RecordedFrame.MaxWidth))
        {
            return VideoApi.BadRequest($"width must be an integer from {RecordedFrame.MinWidth} to {RecordedFrame.MaxWidth}");
        }
        if (!storage.Value.Enabled || CameraId.Validate(id) is not null)
        {
            return TypedResults.NotFound();
        }
        var segments = await video.GetRecordedSegmentsAsync(id, moment, moment.AddMilliseconds(1));
        if (segments.FirstOrDefault(s => s.Start <= moment && s.End > moment) is not { } segment)
        {
            return TypedResults.NotFound();
        }
        var path = RecordingLayout.Resolve(storage.Value.Root, segment.Path);
        if (!File.Exists(path) || await RecordedFrame.ExtractAsync(path, moment - segment.Start, size, context.RequestAborted) is not { } jpeg)
        {
            return TypedResults.NotFound();
        }
        // A recorded moment never changes: the browser may keep it while the pointer goes back and forth.
        context.Response.Headers.CacheControl = "private, max-age=3600";
        return TypedResults.File(jpeg, "image/jpeg");
    }

    private static async Task<IResult> ClipAsync(
        string id, string? from, string? to, HttpContext context, VideoClient video, IOptions<MediaStorageOptions> storage, ClipWriter clips)
    {
        var options = storage.Value;
        if (RecordingRange.TryParse(from, to, options.MaxClipLength, "Storage:MaxClipLength", out var start, out var end) is { } refused)
        {
            return VideoApi.BadRequest(refused);
        }
        return await StreamClipAsync(id, start, end, $"{id}-{start.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.mp4", context, video, options, clips);
    }

    private static async Task<IResult> EventClipAsync(
        string id, string eventId, HttpContext context, VideoClient video, IOptions<MediaStorageOptions> storage, ClipWriter clips, TimeProvider clock)
    {
        if (await video.GetCameraConfigAsync(id) is not { } config || await video.GetEventAsync(id, eventId) is not { } found)
        {
            return TypedResults.NotFound();
        }
        var record = config.Recording;
        var pre = TimeSpan.FromSeconds(record.Enabled ? record.PreSeconds : RecordConfig.DefaultPaddingSeconds);
        var post = TimeSpan.FromSeconds(record.Enabled ? record.PostSeconds : RecordConfig.DefaultPaddingSeconds);
        var start = found.Start - pre;
        var end = (found.End ?? Min(found.LastSeen, clock.GetUtcNow())) + post;
        if (end - start > storage.Value.MaxClipLength)
        {
            end = start + storage.Value.MaxClipLength;
        }
        var name = $"{id}-{string.Concat(eventId.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'))}.mp4";
        return await StreamClipAsync(id, start, end, name, context, video, storage.Value, clips);

        static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
    }

    private static async Task<IResult> StreamClipAsync(
        string id, DateTimeOffset start, DateTimeOffset end, string fileName, HttpContext context, VideoClient video, MediaStorageOptions options, ClipWriter clips)
    {
        if (await PiecesAsync(id, start, end, video, options, checkFiles: true) is not { } pieces)
        {
            return NothingRecorded(start, end);
        }
        return new ClipResult(fileName, (body, cancellationToken) => clips.WriteAsync(pieces, end, body, cancellationToken));
    }

    /// <summary>
    /// The pieces that play [start, end); null when the camera is unknown or nothing of the range is recorded. A clip
    /// skips segments whose file is gone (ffmpeg would stop at the first); a playlist does not look (a day is 20,000
    /// files on a network volume), and a missing segment is a 404 the player steps over.
    /// </summary>
    private static async Task<IReadOnlyList<PlaybackPiece>?> PiecesAsync(
        string id, DateTimeOffset start, DateTimeOffset end, VideoClient video, MediaStorageOptions options, bool checkFiles)
    {
        if (!options.Enabled || !await video.CameraExistsAsync(id))
        {
            return null;
        }
        var segments = (await video.GetRecordedSegmentsAsync(id, start, end))
            .Where(s => !checkFiles || File.Exists(RecordingLayout.Resolve(options.Root, s.Path)))
            .ToList();
        return segments.Count == 0 ? null : PlaybackPlan.Make(options.Root, segments, start, end);
    }

    private static ProblemHttpResult NothingRecorded(DateTimeOffset start, DateTimeOffset end) =>
        TypedResults.Problem(
            $"nothing is recorded between {start.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} and {end.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} (or no such camera)",
            statusCode: StatusCodes.Status404NotFound, title: "Not recorded");

    /// <summary>An MP4 written to the response as ffmpeg makes it.</summary>
    private sealed class ClipResult(string fileName, Func<Stream, CancellationToken, Task> write) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.ContentType = "video/mp4";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
            await write(context.Response.Body, context.RequestAborted);
        }
    }
}

/// <summary>A recorded span as the API returns it.</summary>
public sealed record RecordingSpanView(DateTimeOffset Start, DateTimeOffset End, long Bytes, int Segments);

/// <summary>A page of recorded spans, newest first; <see cref="Next"/> continues it.</summary>
public sealed record RecordingPageView(RecordingSpanView[] Items, string? Next);
