using System.Globalization;
using System.Text.Json;
using Orleans.Video.Client;

namespace Orleans.Video.Cli.Output;

/// <summary>Jobs as the CLI prints them: one line each, and JSON with media times in seconds (CSV rows: <see cref="JobCsv"/>).</summary>
internal static class JobText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>"20261201T150102-1a2b3c4d  Running  42% 1260/3000 frames  4 chunks of 60 done  151 fps  12 s left  warehouse.mp4"</summary>
    public static string Line(JobStatus s)
    {
        var percent = s.FramesTotal > 0 ? (100.0 * s.FramesDone / s.FramesTotal).ToString("0", Invariant) + "%" : "-";
        var rate = s.FramesPerSecond > 0 ? $"  {s.FramesPerSecond.ToString("0", Invariant)} fps" : "";
        var left = s.TimeLeft is { } t ? $"  {TextFormat.Duration(t)} left" : "";
        var error = s.Error is null ? "" : $"  error: {TextFormat.OneLine(s.Error)}";
        return $"{s.Id}  {s.State}  {percent} {s.FramesDone}/{s.FramesTotal} frames  {s.ChunksDone}/{s.ChunksTotal} chunks  {s.Events} events{rate}{left}  {s.Name}{error}";
    }

    public static object Json(JobStatus s) => new
    {
        s.Id,
        s.Name,
        State = s.State.ToString(),
        s.Options.Model,
        s.Options.Fps,
        s.FramesDone,
        s.FramesTotal,
        s.ChunksDone,
        s.ChunksTotal,
        FramesPerSecond = Math.Round(s.FramesPerSecond, 1),
        SecondsLeft = s.TimeLeft?.TotalSeconds,
        DurationSeconds = s.Duration.TotalSeconds,
        s.Events,
        s.Error,
        s.Created,
        s.Started,
        s.Finished,
    };

    public static string JsonLine(JobDetection d, JsonSerializerOptions options) => JsonSerializer.Serialize(new
    {
        d.Frame, Time = Seconds(d.Time), d.Index, d.Label, d.Score, d.Box.X, d.Box.Y, d.Box.Width, d.Box.Height,
    }, options);

    public static string JsonLine(JobEvent e, JsonSerializerOptions options) => JsonSerializer.Serialize(new
    {
        e.Id, Kind = e.Kind.ToString(), e.Label, e.TrackId, e.Zone, Start = Seconds(e.Start), End = e.End is { } end ? Seconds(end) : (double?)null,
        e.BestScore, e.BestBox.X, e.BestBox.Y, e.BestBox.Width, e.BestBox.Height, e.BestFrame,
    }, options);

    private static double Seconds(TimeSpan time) => JobCsv.Seconds(time);
}
