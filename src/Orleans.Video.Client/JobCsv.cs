using System.Globalization;

namespace Orleans.Video.Client;

/// <summary>
/// A job's results as CSV (RFC 4180), the same from the HTTP API's export and the CLI's <c>job results</c>: media
/// times in seconds, numbers invariant, text quoted when it holds a comma, quote or line break.
/// </summary>
public static class JobCsv
{
    public const string DetectionHeader = "frame,time,index,label,score,x,y,width,height";
    public const string EventHeader = "id,kind,label,trackId,zone,start,end,bestScore,x,y,width,height,bestFrame";

    public static string Row(JobDetection d) => Line(d.Frame, Seconds(d.Time), d.Index, d.Label, d.Score, d.Box.X, d.Box.Y, d.Box.Width, d.Box.Height);

    public static string Row(JobEvent e) => Line(
        e.Id, e.Kind, e.Label, e.TrackId, e.Zone, Seconds(e.Start), e.End is { } end ? Seconds(end) : null, e.BestScore,
        e.BestBox.X, e.BestBox.Y, e.BestBox.Width, e.BestBox.Height, e.BestFrame);

    /// <summary>Seconds from the file's start, to the tenth of a millisecond: how every job view writes a media time.</summary>
    public static double Seconds(TimeSpan time) => Math.Round(time.TotalSeconds, 4);

    private static string Line(params object?[] values) => string.Join(',', values.Select(value => value switch
    {
        null => "",
        string text when text.IndexOfAny([',', '"', '\n', '\r']) >= 0 => $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    }));
}
