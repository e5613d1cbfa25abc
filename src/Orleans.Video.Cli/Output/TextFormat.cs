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
        var config = status.IsConfigured ? $"model={status.Model} fps={Number(status.Fps)}" : "unconfigured";
        var line = string.Create(Invariant,
            $"{status.Id}  {status.State}  {config}  decoded={status.FramesDecoded} published={status.FramesPublished} " +
            $"processed={status.FramesProcessed} dropped={status.FramesDropped} reconnects={status.Reconnects}  host={status.Host ?? "-"}");
        return status.LastError is { } error ? $"{line}  error: {OneLine(error)}" : line;
    }

    /// <summary>A camera's zones and detection filter, as "; zones door, gate; only person, car, score >= 0.5", or "" without either.</summary>
    public static string Analysis(CameraConfig config)
    {
        var parts = new List<string>();
        if (config.ZoneList.Count > 0)
        {
            parts.Add($"zones {Zones(config.ZoneList)}");
        }
        if (config.Filter is { } filter)
        {
            parts.Add(Filter(filter));
        }
        return parts.Count == 0 ? "" : "; " + string.Join("; ", parts);
    }

    public static string Zones(IReadOnlyList<Zone> zones) => zones.Count == 0 ? "-" : string.Join(", ", zones.Select(zone => zone.Name));

    /// <summary>A filter as "only person, car, score &gt;= 0.4, area &lt;= 90000 px, car (score &gt;= 0.6, area 400-200000 px)".</summary>
    public static string Filter(DetectionFilter? filter)
    {
        if (filter is null)
        {
            return "-";
        }
        var rules = new List<string>();
        // No labels named: the silo tracks its default for the model (person where it has it, else every label).
        rules.Add(filter.NamedLabels() is { Count: > 0 } labels ? $"only {string.Join(", ", labels)}" : "default labels");
        rules.AddRange(Thresholds(filter.MinScore, filter.MinArea, filter.MaxArea));
        foreach (var (label, rule) in filter.PerLabel ?? [])
        {
            var own = Thresholds(rule.MinScore ?? 0, rule.MinArea ?? 0, rule.MaxArea).ToList();
            if (own.Count > 0)
            {
                rules.Add($"{label} ({string.Join(", ", own)})");
            }
        }
        return string.Join(", ", rules);
    }

    private static IEnumerable<string> Thresholds(float minScore, float minArea, float? maxArea)
    {
        if (minScore > 0)
        {
            yield return $"score >= {Number(minScore)}";
        }
        if (maxArea is { } max)
        {
            yield return minArea > 0 ? $"area {Number(minArea)}-{Number(max)} px" : $"area <= {Number(max)} px";
        }
        else if (minArea > 0)
        {
            yield return $"area >= {Number(minArea)} px";
        }
    }

    /// <summary>An event kind as the options and JSON name it: object, zone, loiter.</summary>
    public static string Kind(EventKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>One event on one line, for plain output: start, camera, id, then key=value fields.</summary>
    public static string EventLine(VideoEvent e) =>
        $"{Time(e.Start)}  {e.CameraId}  {e.Id}  {Kind(e.Kind)} {e.Label}  track=#{e.ShownTrackNumber} zone={e.Zone ?? "-"} " +
        $"end={(e.End is { } end ? Time(end) : "ongoing")} score={Score(e.BestScore)} at {Box(e.BestBox)}";

    /// <summary>ffmpeg's stderr tail spans lines; a plain listing keeps one camera per line.</summary>
    /// <summary>1h02m03s, 4m05s, 12.5s: the length of a recording as people read it.</summary>
    public static string Duration(TimeSpan length) =>
        length.TotalHours >= 1 ? string.Create(Invariant, $"{(int)length.TotalHours}h{length.Minutes:00}m{length.Seconds:00}s")
        : length.TotalMinutes >= 1 ? string.Create(Invariant, $"{length.Minutes}m{length.Seconds:00}s")
        : length.TotalSeconds.ToString("0.#", Invariant) + "s";

    /// <summary>Bytes in binary units: 512 B, 3.4 MiB, 1.2 GiB.</summary>
    public static string Bytes(long bytes) =>
        bytes >= 1L << 30 ? (bytes / (double)(1L << 30)).ToString("0.0", Invariant) + " GiB"
        : bytes >= 1 << 20 ? (bytes / (double)(1 << 20)).ToString("0.0", Invariant) + " MiB"
        : bytes >= 1 << 10 ? (bytes / 1024.0).ToString("0.0", Invariant) + " KiB"
        : bytes.ToString(Invariant) + " B";

    public static string OneLine(string text) => string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
