using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;
using Orleans.Video.Grains.Jobs;
using Orleans.Video.IntegrationTests.Recordings;
using Orleans.Video.IntegrationTests.Support;
using Orleans.Video.TestSupport;

namespace Orleans.Video.IntegrationTests.Jobs;

/// <summary>
/// Jobs on two in-process silos: a file cut into chunks gives what it gives in one piece (the same detections at the
/// same media times, the same events, a square crossing chunk borders one track), and sampling by fps picks the same
/// frames whatever the chunks.
/// </summary>
[Collection(VideoClusterCollection.Name)]
public sealed class JobChunkingTests(VideoClusterFixture fixture)
{
    [Fact]
    public async Task A_file_cut_into_chunks_gives_what_it_gives_in_one_piece()
    {
        var options = new JobOptions("shapes", Zones: [new Zone("left", [new(0, 0), new(320, 0), new(320, 360), new(0, 360)])]);
        var chunked = await RunAsync(fixture.Clips.Visit, options, TimeSpan.FromSeconds(2));
        var whole = await RunAsync(fixture.Clips.Visit, options, TimeSpan.FromHours(1));

        Assert.True(chunked.Status.ChunksTotal >= 5, $"{chunked.Status.ChunksTotal} chunks");
        Assert.Equal(1, whole.Status.ChunksTotal);
        foreach (var run in new[] { chunked, whole })
        {
            Assert.Equal(JobState.Done, run.Status.State);
            Assert.Equal(TestClips.VisitSeconds * TestClips.Fps, run.Status.FramesTotal);
            Assert.Equal(run.Status.FramesTotal, run.Status.FramesDone);
        }

        // The square is in the picture from 1 s to 9 s: found in (nearly) every one of those frames, and nowhere else.
        Assert.InRange(whole.Detections.Count, 190, 201);
        Assert.All(whole.Detections, d => Assert.InRange(d.Time.TotalSeconds, TestClips.VisitShown.From - 0.05, TestClips.VisitShown.To + 0.05));
        Assert.All(whole.Detections, d => Assert.Equal(d.Frame / (double)TestClips.Fps, d.Time.TotalSeconds, 3));
        Assert.Equal(whole.Detections, chunked.Detections);

        // One object, one track across four chunk borders; its visit to the left zone ends when it crosses x = 320.
        Assert.Equal(whole.Events, chunked.Events);
        var objects = chunked.Events.Where(e => e.Kind == EventKind.Object).ToList();
        var visit = Assert.Single(objects);
        Assert.InRange(visit.Start.TotalSeconds, 1, 1.2);
        Assert.InRange(visit.End!.Value.TotalSeconds, 8.8, 9.05);
        var zone = Assert.Single(chunked.Events, e => e.Kind == EventKind.Zone);
        Assert.Equal(visit.TrackId, zone.TrackId);
        Assert.Equal("left", zone.Zone);
        Assert.True(zone.End < visit.End);
        Assert.Equal(2, chunked.Status.Events);
    }

    [Fact]
    public async Task Sampling_by_fps_picks_the_same_frames_in_any_chunking()
    {
        var options = new JobOptions("shapes", Fps: 5);
        var chunked = await RunAsync(fixture.Clips.Visit, options, TimeSpan.FromSeconds(2));
        var whole = await RunAsync(fixture.Clips.Visit, options, TimeSpan.FromHours(1));

        Assert.Equal(whole.Detections, chunked.Detections);
        Assert.All(chunked.Detections, d => Assert.Equal(0, d.Frame % 5));
        Assert.InRange(chunked.Detections.Count, 38, 41); // 8 s shown at 5 a second
    }

    [Fact]
    public async Task An_annotated_job_writes_one_video_with_the_boxes_drawn_where_they_were_found()
    {
        var run = await RunAsync(fixture.Clips.Visit, new JobOptions("shapes", Annotate: true), TimeSpan.FromSeconds(2));
        Assert.True(run.Status.State == JobState.Done, $"{run.Status.State}: {run.Status.Error}");
        var output = run.Status.Output;
        Assert.NotNull(output);
        Assert.StartsWith(fixture.MediaRoot, output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Path.GetDirectoryName(output)!, "annotated")), "the chunks' segments are gone once joined");

        // Every frame of the file, joined from the chunks' segments, decoding cleanly at the file's size.
        Assert.Equal(TestClips.VisitSeconds * TestClips.Fps, MediaProbe.DecodedFrames(output!));
        Assert.Equal("", MediaProbe.DecodeErrors(output!));
        Assert.Equal(640 * 360 * 3, Rgb(output!, 0).Length);

        // Frame 125 (5 s): the box found there is drawn in green on the white square; frame 250 (10 s, nothing found): none.
        var found = run.Detections.Single(d => d.Frame == 125).Box;
        var drawn = Rgb(output!, 125);
        var (r, g, b) = Pixel(drawn, (int)found.X + 1, (int)(found.Y + found.Height / 2));
        Assert.True(g > 180 && r < 100 && b < 100, $"expected the box's green edge at its left side, got {r},{g},{b}");
        var inside = Pixel(drawn, (int)(found.X + found.Width / 2), (int)(found.Y + found.Height / 2));
        Assert.True(inside.R > 200 && inside.G > 200 && inside.B > 200, "inside the box the square stays white");
        Assert.DoesNotContain(Enumerable.Range(0, 640 * 360), i => Pixel(Rgb(output!, 250), i % 640, i / 640) is { G: > 150, R: < 100 });
    }

    [Fact]
    public async Task A_chunk_that_keeps_failing_fails_its_job_with_the_reason_after_its_attempts()
    {
        // "broken" is a model the catalog names whose file is not an ONNX model: every chunk's inference fails.
        var run = await RunAsync(fixture.Clips.Visit, new JobOptions("broken"), TimeSpan.FromSeconds(2));
        Assert.Equal(JobState.Failed, run.Status.State);
        Assert.Matches(@"^chunk \d+ \(from [0-9:.]+\) failed 3 times: inference failed: ", run.Status.Error);
        Assert.Contains("broken", run.Status.Error, StringComparison.Ordinal);
        Assert.True(run.Status.ChunksDone < run.Status.ChunksTotal);
        Assert.Empty(run.Detections);
    }

    private static readonly Dictionary<(string, int), byte[]> Frames = [];

    /// <summary>Frame <paramref name="frame"/> of a file as 640x360 RGB, decoded by ffmpeg.</summary>
    private static byte[] Rgb(string file, int frame)
    {
        if (!Frames.TryGetValue((file, frame), out var rgb))
        {
            var raw = Path.GetTempFileName();
            TestClips.Ffmpeg($"-i \"{file}\" -vf \"select=eq(n\\,{frame})\" -frames:v 1 -f rawvideo -pix_fmt rgb24 \"{raw}\"");
            rgb = File.ReadAllBytes(raw);
            File.Delete(raw);
            Frames[(file, frame)] = rgb;
        }
        return rgb;
    }

    private static (int R, int G, int B) Pixel(byte[] rgb, int x, int y) => (rgb[(y * 640 + x) * 3], rgb[(y * 640 + x) * 3 + 1], rgb[(y * 640 + x) * 3 + 2]);

    private sealed record Run(JobStatus Status, List<JobDetection> Detections, List<JobEvent> Events);

    /// <summary>Runs a job with chunks of <paramref name="chunkLength"/> (to the next keyframe; set on every silo while it is planned).</summary>
    private async Task<Run> RunAsync(string file, JobOptions options, TimeSpan chunkLength)
    {
        var settings = fixture.Silos.Cast<InProcessSiloHandle>()
            .Select(silo => silo.SiloHost.Services.GetRequiredService<IOptions<JobsOptions>>().Value).ToList();
        var before = (settings[0].ChunkLength, settings[0].MinChunkLength);
        settings.ForEach(s => (s.ChunkLength, s.MinChunkLength) = (chunkLength, chunkLength));
        try
        {
            var video = fixture.Video;
            var submitted = await video.SubmitJobAsync(new JobSpec(file, Path.GetFileName(file), options));
            Assert.Equal(JobState.Queued, submitted.State);
            var status = await Eventually.ValueAsync(
                () => video.GetJobAsync(submitted.Id), s => s!.State.IsEnded(), TimeSpan.FromSeconds(120), $"job {submitted.Id} to end");
            var detections = await video.ReadAllAsync(q => video.QueryJobDetectionsAsync(submitted.Id, q), new JobQuery(Limit: 50)).ToListAsync();
            var events = await video.ReadAllAsync(q => video.QueryJobEventsAsync(submitted.Id, q), new JobQuery(Limit: 1)).ToListAsync();
            return new Run(status!, detections, events);
        }
        finally
        {
            settings.ForEach(s => (s.ChunkLength, s.MinChunkLength) = before);
        }
    }
}
