namespace Orleans.Video.Silo.Api.Review;

/// <summary>
/// Events grouped into review items: a camera's events that overlap in time are one item (a person walking in, the
/// zone they enter, the car beside them), an alert when any of its events is one under the camera's rules.
/// </summary>
public static class ReviewItems
{
    /// <param name="events">Events of any cameras, in any order.</param>
    /// <param name="rules">Each camera's alert rules; a camera not in it (removed since) has none: its zone events alert.</param>
    /// <param name="marks">What the key has reviewed.</param>
    /// <param name="now">The end of events still going on, for overlap.</param>
    /// <returns>The items, newest first.</returns>
    public static IReadOnlyList<ReviewItemView> Group(
        IEnumerable<VideoEvent> events, IReadOnlyDictionary<string, AlertRules?> rules, ReviewMarks marks, DateTimeOffset now)
    {
        var items = new List<ReviewItemView>();
        foreach (var camera in events.GroupBy(e => e.CameraId, StringComparer.Ordinal))
        {
            var cameraRules = rules.GetValueOrDefault(camera.Key);
            List<VideoEvent> current = [];
            var currentEnd = DateTimeOffset.MinValue;
            foreach (var e in camera.OrderBy(e => e.Start).ThenBy(e => e.Id, StringComparer.Ordinal))
            {
                if (current.Count > 0 && e.Start > currentEnd)
                {
                    items.Add(Item(current, cameraRules, marks));
                    current = [];
                }
                current.Add(e);
                var end = e.End ?? now;
                currentEnd = current.Count == 1 || end > currentEnd ? end : currentEnd;
            }
            if (current.Count > 0)
            {
                items.Add(Item(current, cameraRules, marks));
            }
        }
        items.Sort((a, b) => b.Start.CompareTo(a.Start) is var byStart and not 0 ? byStart : string.CompareOrdinal(b.Id, a.Id));
        return items;
    }

    private static ReviewItemView Item(List<VideoEvent> events, AlertRules? rules, ReviewMarks marks)
    {
        var first = events[0];
        var open = events.Any(e => e.End is null);
        var best = events.MaxBy(e => (e.HasSnapshot, e.BestScore))!;
        return new ReviewItemView(
            ReviewedEvent.Of(first.CameraId, first.Id),
            first.CameraId,
            first.Start,
            open ? null : events.Max(e => e.End),
            events.Any(e => AlertRules.IsAlert(rules, e.Label, e.Zone)) ? ReviewItemView.Alert : ReviewItemView.Detection,
            events.Select(e => e.Label).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToArray(),
            events.Where(e => e.Zone is not null).Select(e => e.Zone!).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToArray(),
            events.All(e => marks.IsReviewed(e.CameraId, e.Id, e.Start)),
            EventView.From(best).Snapshot,
            events.Select(EventView.From).ToArray());
    }
}
