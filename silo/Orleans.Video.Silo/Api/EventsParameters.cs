namespace Orleans.Video.Silo.Api;

/// <summary>The query string of the events endpoints, bound with <c>[AsParameters]</c>.</summary>
public sealed record EventsParameters(string? From, string? To, string? Label, string? Zone, string? Kind, string? Limit, string? Cursor)
{
    /// <summary>The query these ask for, or why they are refused.</summary>
    public string? TryGetQuery(out EventQuery query)
    {
        query = new EventQuery();
        if (!QueryText.TryTime(From, out var from) || !QueryText.TryTime(To, out var to))
        {
            return QueryText.TimeRule;
        }
        if (!QueryText.TryKind(Kind, out var kind))
        {
            return QueryText.KindRule;
        }
        if (!QueryText.TryLimit(Limit, EventQuery.MaxLimit, out var limit))
        {
            return $"limit must be an integer between 1 and {EventQuery.MaxLimit}";
        }
        if (!EventCursorCodec.TryDecode(Cursor, out var before))
        {
            return "cursor is not one this API returned";
        }
        query = new EventQuery(from, to, QueryText.NullIfEmpty(Label), QueryText.NullIfEmpty(Zone), kind, limit, before);
        return query.Error();
    }
}
