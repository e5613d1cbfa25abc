using Orleans.Video.Client;

namespace Orleans.Video.Silo.Api.Jobs;

/// <summary>A job as the API returns it; times of the file are in seconds from its start.</summary>
public sealed record JobView(
    string Id,
    string Name,
    JobState State,
    string Model,
    double Fps,
    IReadOnlyList<string> ZoneNames,
    bool Annotate,
    long FramesDone,
    long FramesTotal,
    double Progress,
    int ChunksDone,
    int ChunksTotal,
    double FramesPerSecond,
    double? SecondsLeft,
    double DurationSeconds,
    int Events,
    string? Error,
    DateTimeOffset Created,
    DateTimeOffset? Started,
    DateTimeOffset? Finished,
    string Video,
    string? Annotated)
{
    public static JobView From(JobStatus s) => new(
        s.Id, s.Name, s.State, s.Options.Model, s.Options.Fps, [.. s.Options.ZoneList.Select(zone => zone.Name)], s.Options.Annotate,
        s.FramesDone, s.FramesTotal, s.FramesTotal > 0 ? Math.Round((double)s.FramesDone / s.FramesTotal, 4) : 0,
        s.ChunksDone, s.ChunksTotal, Math.Round(s.FramesPerSecond, 1), s.TimeLeft is { } left ? Math.Round(left.TotalSeconds, 1) : null,
        Math.Round(s.Duration.TotalSeconds, 3), s.Events, s.Error, s.Created, s.Started, s.Finished,
        $"/api/jobs/{Uri.EscapeDataString(s.Id)}/video",
        s.Output is null ? null : $"/api/jobs/{Uri.EscapeDataString(s.Id)}/video?annotated=true");
}

/// <summary>A detection of a job: its frame, its media time in seconds, the box in source pixels.</summary>
public sealed record JobDetectionView(long Frame, double Time, int Index, string Label, float Score, float X, float Y, float Width, float Height)
{
    public static JobDetectionView From(JobDetection d) =>
        new(d.Frame, Seconds(d.Time), d.Index, d.Label, d.Score, d.Box.X, d.Box.Y, d.Box.Width, d.Box.Height);

    internal static double Seconds(TimeSpan time) => JobCsv.Seconds(time);
}

/// <summary>An event of a job at media times (seconds); <see cref="End"/> is null while tracking has not passed it.</summary>
public sealed record JobEventView(
    string Id, EventKind Kind, string Label, long TrackId, string? Zone, double Start, double? End,
    float BestScore, float X, float Y, float Width, float Height, long BestFrame)
{
    public static JobEventView From(JobEvent e) => new(
        e.Id, e.Kind, e.Label, e.TrackId, e.Zone, JobDetectionView.Seconds(e.Start), e.End is { } end ? JobDetectionView.Seconds(end) : null,
        e.BestScore, e.BestBox.X, e.BestBox.Y, e.BestBox.Width, e.BestBox.Height, e.BestFrame);
}

public sealed record JobPageView<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>The JSON form of <c>POST /api/jobs</c>: a file under the media roots, or a camera's recorded range.</summary>
public sealed record SubmitJobRequest(
    string? Source = null,
    string? Camera = null,
    string? From = null,
    string? To = null,
    string? Model = null,
    double? Fps = null,
    List<Zone>? Zones = null,
    DetectionFilter? Filter = null,
    bool? Annotate = null)
{
    public JobOptions Options => new(Model ?? CameraConfig.DefaultModel, Fps ?? 0, Zones, Filter, Annotate ?? false);
}
