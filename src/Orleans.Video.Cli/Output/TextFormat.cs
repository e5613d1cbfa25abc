using System.Globalization;

namespace Orleans.Video.Cli.Output;

/// <summary>The plain-text forms shared by the plain lines and the terminal tables.</summary>
internal static class TextFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>UTC, to the millisecond, sortable: the same instant reads the same on every machine.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", Invariant);

    public static string Time(DateTimeOffset? time) => time is { } value ? Time(value) : "-";

    public static string Score(float score) => (score * 100).ToString("0", Invariant) + "%";

    public static string Box(Box box) => string.Create(Invariant, $"{box.X:0},{box.Y:0} {box.Width:0}x{box.Height:0}");

    public static string Number(double value) => value.ToString("0.##", Invariant);

    public static string Detection(string label, float score, Box box) => $"{label} {Score(score)} at {Box(box)}";

    public static string Detections(IReadOnlyList<Detection> detections) =>
        detections.Count == 0 ? "none" : string.Join("; ", detections.Select(d => Detection(d.Label, d.Score, d.Box)));

    /// <summary>One camera on one line, like <c>./run.sh</c> prints them.</summary>
    public static string CameraLine(CameraStatus status)
    {
        var config = status.Config is { } c ? $"model={c.Model} fps={Number(c.Fps)}" : "unconfigured";
        var line = string.Create(Invariant,
            $"{status.Id}  {status.State}  {config}  decoded={status.FramesDecoded} published={status.FramesPublished} " +
            $"processed={status.FramesProcessed} dropped={status.FramesDropped} reconnects={status.Reconnects}  host={status.Host ?? "-"}");
        return status.LastError is { } error ? $"{line}  error: {OneLine(error)}" : line;
    }

    /// <summary>ffmpeg's stderr tail spans lines; a plain listing keeps one camera per line.</summary>
    public static string OneLine(string text) => string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
