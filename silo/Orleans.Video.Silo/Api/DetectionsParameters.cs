namespace Orleans.Video.Silo.Api;

/// <summary>The query string of <c>GET /api/detections</c> and <c>GET /api/cameras/{id}/detections</c>, bound with <c>[AsParameters]</c>.</summary>
public sealed record DetectionsParameters(string? From, string? To, string? Label, string? Limit, string? Cursor)
{
    /// <summary>The query these ask for, or why they are refused.</summary>
    public string? TryGetQuery(out DetectionQuery query)
    {
        query = new DetectionQuery();
        if (!QueryText.TryTime(From, out var from) || !QueryText.TryTime(To, out var to))
        {
            return QueryText.TimeRule;
        }
        if (!QueryText.TryLimit(Limit, DetectionQuery.MaxLimit, out var limit))
        {
            return $"limit must be an integer between 1 and {DetectionQuery.MaxLimit}";
        }
        if (!CursorCodec.TryDecode(Cursor, out var before))
        {
            return "cursor is not one this API returned";
        }
        query = new DetectionQuery(from, to, QueryText.NullIfEmpty(Label), limit, before);
        return query.Error();
    }
}
