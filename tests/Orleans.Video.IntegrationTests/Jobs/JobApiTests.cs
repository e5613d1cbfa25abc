using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Jobs;

/// <summary>Two silo processes with a media storage root: jobs submitted, followed, read, exported and removed over HTTP.</summary>
public sealed class JobApiFixture : IAsyncLifetime
{
    /// <summary>Jobs:MaxUploadBytes of these silos: more than the test clip, less than the "too large" file.</summary>
    public const long MaxUpload = 400_000;

    public SiloCluster Cluster { get; private set; } = null!;
    public string MediaRoot { get; } = Directory.CreateTempSubdirectory("orleans-video-jobs-media-").FullName;

    public async Task InitializeAsync()
    {
        Cluster = await SiloCluster.StartAsync();
        await Cluster.AddSilosAsync(2, JobSettings(MediaRoot));
    }

    public static Dictionary<string, string> JobSettings(string mediaRoot) => new()
    {
        ["Storage__Root"] = mediaRoot,
        ["Jobs__ChunkLength"] = "00:00:02",
        ["Jobs__MaxUploadBytes"] = MaxUpload.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // Recordings indexed within seconds, for the camera range test.
        ["Storage__SegmentLength"] = "00:00:02",
        ["Storage__IndexInterval"] = "00:00:01",
        ["Storage__MinFreeBytes"] = "1048576",
    };

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(MediaRoot, recursive: true);
    }
}

public sealed class JobApiTests(JobApiFixture fixture) : IClassFixture<JobApiFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private SiloCluster Cluster => fixture.Cluster;
    private HttpClient Http => fixture.Cluster.Http;

    [Fact]
    public async Task An_uploaded_file_is_analysed_and_its_results_are_read_exported_played_and_removed()
    {
        var clip = Cluster.Clips.Visit;
        Assert.True(new FileInfo(clip).Length < JobApiFixture.MaxUpload);
        using var submitted = await UploadAsync(clip, ("model", "shapes"), ("zones", """[{"name":"left","points":[{"x":0,"y":0},{"x":320,"y":0},{"x":320,"y":360},{"x":0,"y":360}]}]"""));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var job = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        var id = job.GetProperty("id").GetString()!;
        Assert.Equal($"/api/jobs/{id}", submitted.Headers.Location?.OriginalString);
        Assert.Equal("visit.mp4", job.GetProperty("name").GetString());

        // Progress over Server-Sent Events, to the end.
        var progress = await ProgressEventsAsync(id);
        Assert.Equal("Done", progress[^1].GetProperty("state").GetString());
        var done = await Http.GetFromJsonAsync<JsonElement>(Url($"/api/jobs/{id}"));
        Assert.Equal(TestClips.VisitSeconds * TestClips.Fps, done.GetProperty("framesTotal").GetInt64());
        Assert.Equal(1.0, done.GetProperty("progress").GetDouble());
        Assert.True(done.GetProperty("chunksTotal").GetInt32() >= 5);
        Assert.Equal(2, done.GetProperty("events").GetInt32());
        Assert.Contains((await Http.GetFromJsonAsync<JsonElement>(Url("/api/jobs"))).EnumerateArray(), j => j.GetProperty("id").GetString() == id);

        // Pages in media order, then everything as JSON Lines and as CSV: the same detections.
        var pages = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await Http.GetFromJsonAsync<JsonElement>(Url($"/api/jobs/{id}/detections?limit=70{(cursor is null ? "" : $"&cursor={cursor}")}"));
            pages.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);
        Assert.InRange(pages.Count, 190, 201);
        var times = pages.Select(d => d.GetProperty("time").GetDouble()).ToList();
        Assert.Equal(times.Order(), times);
        var lines = (await Http.GetStringAsync(Url($"/api/jobs/{id}/detections?format=jsonl"))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(pages.Select(p => p.GetRawText()), lines.Select(line => JsonSerializer.Deserialize<JsonElement>(line).GetRawText()));
        var csv = (await Http.GetStringAsync(Url($"/api/jobs/{id}/detections?format=csv&from=4&to=6"))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("frame,time,index,label,score,x,y,width,height", csv[0]);
        Assert.Equal(pages.Count(d => d.GetProperty("time").GetDouble() is >= 4 and < 6), csv.Length - 1);
        var events = await Http.GetFromJsonAsync<JsonElement>(Url($"/api/jobs/{id}/events?kind=zone"));
        var zone = Assert.Single(events.GetProperty("items").EnumerateArray());
        Assert.Equal("left", zone.GetProperty("zone").GetString());
        Assert.Equal(zone.GetRawText(), Assert.Single((await Http.GetFromJsonAsync<JsonElement>(Url($"/api/jobs/{id}/events?zone=LEFT"))).GetProperty("items").EnumerateArray()).GetRawText());
        Assert.Empty((await Http.GetFromJsonAsync<JsonElement>(Url($"/api/jobs/{id}/events?zone=right"))).GetProperty("items").EnumerateArray());

        // The file plays from any silo, in ranges.
        using var range = new HttpRequestMessage(HttpMethod.Get, Cluster.Silos[1].BaseUrl + $"/api/jobs/{id}/video");
        range.Headers.Range = new RangeHeaderValue(0, 99);
        using var video = await Http.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, video.StatusCode);
        Assert.Equal("video/mp4", video.Content.Headers.ContentType?.MediaType);

        // Removing an ended job removes its results and its upload.
        var folder = Path.Combine(fixture.MediaRoot, "jobs", id);
        Assert.True(Directory.Exists(folder));
        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync(Url($"/api/jobs/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(Url($"/api/jobs/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(Url($"/api/jobs/{id}/detections"))).StatusCode);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task Bad_submissions_are_refused_with_the_reason_and_leave_nothing()
    {
        var clips = Cluster.Clips;
        var empty = Path.Combine(clips.Directory, "empty.mp4");
        await File.WriteAllBytesAsync(empty, []);
        var truncated = Path.Combine(clips.Directory, "truncated.mp4");
        var whole = await File.ReadAllBytesAsync(clips.Visit);
        await File.WriteAllBytesAsync(truncated, whole[..(whole.Length / 2)]);
        var large = Path.Combine(clips.Directory, "large.mp4");
        await File.WriteAllBytesAsync(large, new byte[JobApiFixture.MaxUpload + 1000]);

        await RefusedAsync(await UploadAsync(clips.NotVideo, ("model", "shapes")), HttpStatusCode.BadRequest, "not a video");
        await RefusedAsync(await UploadAsync(empty, ("model", "shapes")), HttpStatusCode.BadRequest, "empty");
        await RefusedAsync(await UploadAsync(truncated, ("model", "shapes")), HttpStatusCode.BadRequest, "moov atom not found");
        await RefusedAsync(await UploadAsync(large, ("model", "shapes")), HttpStatusCode.RequestEntityTooLarge, "Jobs:MaxUploadBytes");
        await RefusedAsync(await UploadAsync(clips.Visit, ("model", "nope")), HttpStatusCode.BadRequest, "nope");
        await RefusedAsync(await UploadAsync(clips.Visit, ("model", "shapes"), ("fps", "-1")), HttpStatusCode.BadRequest, "fps");
        await RefusedAsync(await UploadAsync(clips.Visit, ("model", "shapes"), ("zones", "[{")), HttpStatusCode.BadRequest, "zones");
        await RefusedAsync(await UploadAsync(clips.Visit, ("model", "shapes"), ("colour", "red")), HttpStatusCode.BadRequest, "colour");

        await RefusedAsync(await SubmitAsync(new { source = "/etc/hostname", model = "shapes" }), HttpStatusCode.BadRequest, "outside the media roots");
        await RefusedAsync(await SubmitAsync(new { source = Path.Combine(clips.Directory, "../../../etc/hostname"), model = "shapes" }), HttpStatusCode.BadRequest, "outside the media roots");
        await RefusedAsync(await SubmitAsync(new { source = "rtsp://127.0.0.1/x", model = "shapes" }), HttpStatusCode.BadRequest, "absolute path");
        await RefusedAsync(await SubmitAsync(new { source = clips.NotVideo, model = "shapes" }), HttpStatusCode.BadRequest, "not a video");
        await RefusedAsync(await SubmitAsync(new { source = Path.Combine(clips.Directory, "missing.mp4"), model = "shapes" }), HttpStatusCode.BadRequest, "not found");
        await RefusedAsync(await SubmitAsync(new { source = clips.Visit, camera = "cam", model = "shapes" }), HttpStatusCode.BadRequest, "either");
        await RefusedAsync(await SubmitAsync(new { model = "shapes" }), HttpStatusCode.BadRequest, "either");
        await RefusedAsync(await SubmitAsync(new { source = clips.Visit, model = "shapes", filter = new { labels = new[] { "person" } } }), HttpStatusCode.BadRequest,
            "filter.labels[0]: 'person' is not a label of model 'shapes'; model 'shapes' has the labels: object, other");
        await RefusedAsync(await SubmitAsync(new { camera = "never-added", from = "2026-01-01T00:00:00Z", to = "2026-01-01T00:01:00Z", model = "shapes" }), HttpStatusCode.NotFound, "nothing recorded");
        await RefusedAsync(await Http.PostAsync(Url("/api/jobs"), new StringContent("{", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "JSON");

        // Nothing of any of them was kept: no job, no file.
        var jobs = (await Http.GetFromJsonAsync<JsonElement>(Url("/api/jobs"))).EnumerateArray().Select(j => j.GetProperty("id").GetString()!).ToHashSet();
        var folders = Directory.Exists(Path.Combine(fixture.MediaRoot, "jobs"))
            ? Directory.GetDirectories(Path.Combine(fixture.MediaRoot, "jobs")).Select(Path.GetFileName).ToHashSet()
            : [];
        Assert.Subset(jobs, folders!);

        // The silos still serve.
        using var ok = await SubmitAsync(new { source = clips.Visit, model = "shapes", fps = 5 });
        Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
    }

    [Fact]
    public async Task A_running_job_is_cancelled_then_removed()
    {
        // A copy of its own: a decoder with this file on its command line is one of this job's chunks.
        var source = Path.Combine(Cluster.Clips.Directory, $"cancel-{Guid.NewGuid():N}.mp4");
        File.Copy(Cluster.Clips.Rounds, source);
        using var submitted = await SubmitAsync(new { source, model = "shapes" });
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Eventually.TrueAsync(() => Decoding(source), Patience, "a chunk of the job decoding");
        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync(Url($"/api/jobs/{id}"))).StatusCode);
        var cancelled = await Http.GetFromJsonAsync<JsonElement>(Url($"/api/jobs/{id}"));
        Assert.Equal("Cancelled", cancelled.GetProperty("state").GetString());
        // Chunks in flight stop at their next report, and their decoders with them; what they found is not stored.
        await Eventually.TrueAsync(() => !Decoding(source), Patience, "the job's decoders to stop");
        var later = await Http.GetFromJsonAsync<JsonElement>(Url($"/api/jobs/{id}"));
        Assert.Equal("Cancelled", later.GetProperty("state").GetString());
        Assert.True(later.GetProperty("chunksDone").GetInt32() < later.GetProperty("chunksTotal").GetInt32(), later.ToString());
        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync(Url($"/api/jobs/{id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.DeleteAsync(Url($"/api/jobs/{id}"))).StatusCode);
        Assert.DoesNotContain((await Http.GetFromJsonAsync<JsonElement>(Url("/api/jobs"))).EnumerateArray(), j => j.GetProperty("id").GetString() == id);
    }

    private static bool Decoding(string file)
    {
        using var decoder = RunningProcesses.FindByCommandLine(file);
        return decoder is not null;
    }

    [Fact]
    public async Task A_cameras_recorded_range_is_exported_and_analysed_as_a_job()
    {
        using (var added = await Http.PostAsJsonAsync(Url("/api/cameras"), new
        {
            id = "job-cam", source = Cluster.Clips.MovingBox, fps = 2, model = "shapes", motionGate = false, record = new { mode = "continuous" },
        }))
        {
            Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        }
        try
        {
            var span = await Eventually.ValueAsync(
                async () => (await Http.GetFromJsonAsync<JsonElement>(Url("/api/cameras/job-cam/recordings"))).GetProperty("items").EnumerateArray().ToList(),
                spans => spans.Any(s => (s.GetProperty("end").GetDateTimeOffset() - s.GetProperty("start").GetDateTimeOffset()).TotalSeconds >= 9),
                TimeSpan.FromSeconds(60), "9 s recorded");
            var start = span.First().GetProperty("start").GetDateTimeOffset();
            var (from, to) = (start.AddSeconds(2), start.AddSeconds(8));

            using var submitted = await SubmitAsync(new { camera = "job-cam", from = from.ToString("O"), to = to.ToString("O"), model = "shapes" });
            Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, await submitted.Content.ReadAsStringAsync());
            var job = await submitted.Content.ReadFromJsonAsync<JsonElement>();
            var id = job.GetProperty("id").GetString()!;
            Assert.StartsWith("job-cam-", job.GetProperty("name").GetString(), StringComparison.Ordinal);
            var done = await Eventually.ValueAsync(() => Http.GetFromJsonAsync<JsonElement>(Url($"/api/jobs/{id}")),
                s => s.GetProperty("state").GetString() is "Done" or "Failed", TimeSpan.FromSeconds(60), "the job to end");
            Assert.True(done.GetProperty("state").GetString() == "Done", done.GetRawText());
            // 6 s at 25 fps, cut at the recording's keyframes (one a second): 150 frames, give or take a second.
            Assert.InRange(done.GetProperty("framesTotal").GetInt64(), 125, 200);
            var detections = await Http.GetFromJsonAsync<JsonElement>(Url($"/api/jobs/{id}/detections?limit=10"));
            Assert.Equal(10, detections.GetProperty("items").GetArrayLength());

            // The export is the job's own file: removing the job removes it.
            Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync(Url($"/api/jobs/{id}"))).StatusCode);
            Assert.False(Directory.Exists(Path.Combine(fixture.MediaRoot, "jobs", id)));
        }
        finally
        {
            await Http.DeleteAsync(Url("/api/cameras/job-cam"));
        }
    }

    private string Url(string path) => Cluster.ApiUrl(path);

    private Task<HttpResponseMessage> SubmitAsync(object body) => Http.PostAsJsonAsync(Url("/api/jobs"), body);

    private async Task<HttpResponseMessage> UploadAsync(string path, params (string Name, string Value)[] fields)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }
        var file = new StreamContent(File.OpenRead(path));
        file.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        form.Add(file, "file", Path.GetFileName(path));
        return await Http.PostAsync(Url("/api/jobs"), form);
    }

    private static async Task RefusedAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {body}");
            Assert.Contains(reason, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>The job's progress events until the stream ends (at the job's end).</summary>
    private async Task<List<JsonElement>> ProgressEventsAsync(string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var response = await Http.GetAsync(Url($"/api/jobs/{id}/progress"), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<JsonElement>();
        await foreach (var item in System.Net.ServerSentEvents.SseParser.Create(await response.Content.ReadAsStreamAsync(timeout.Token)).EnumerateAsync(timeout.Token))
        {
            Assert.Equal("progress", item.EventType);
            events.Add(JsonSerializer.Deserialize<JsonElement>(item.Data));
        }
        return events;
    }
}
