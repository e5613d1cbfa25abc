using System.Globalization;

namespace Orleans.Video.Silo.Api.Jobs;

/// <summary>The query string of a job's results: media times in seconds, a label, a page, and an export format.</summary>
public sealed record JobQueryParameters(string? From, string? To, string? Label, string? Kind, string? Zone, string? Limit, string? Cursor, string? Format)
{
    /// <summary>The query, or why the query string does not make one.</summary>
    public string? TryGetQuery(out JobQuery query, out ExportFormat? export)
    {
        query = new JobQuery();
        export = null;
        if (!Seconds(From, out var from) || !Seconds(To, out var to))
        {
            return "from and to are seconds from the file's start, e.g. ?from=60&to=90.5";
        }
        if (!QueryText.TryKind(Kind, out var kind))
        {
            return QueryText.KindRule;
        }
        switch (Format?.ToLowerInvariant())
        {
            case null or "" or "json":
                break;
            case "jsonl":
                export = ExportFormat.JsonLines;
                break;
            case "csv":
                export = ExportFormat.Csv;
                break;
            default:
                return "format must be json (a page), jsonl or csv (everything)";
        }
        if (!QueryText.TryLimit(Limit, JobQuery.MaxLimit, out var limit))
        {
            return $"limit must be an integer between 1 and {JobQuery.MaxLimit}";
        }
        query = new JobQuery(from, to, QueryText.NullIfEmpty(Label), export is null ? limit : JobQuery.MaxLimit, QueryText.NullIfEmpty(Cursor), kind, QueryText.NullIfEmpty(Zone));
        return query.Error();
    }

    private static bool Seconds(string? text, out TimeSpan? time)
    {
        time = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && seconds >= 0 && seconds < 1e9)
        {
            time = TimeSpan.FromSeconds(seconds);
            return true;
        }
        return false;
    }
}

public enum ExportFormat
{
    JsonLines,
    Csv,
}
