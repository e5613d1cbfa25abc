namespace Orleans.Video.Grains.Events;

/// <summary>Which events a camera no longer keeps: ended ones past the age limit, then the oldest ended ones over the count.</summary>
public static class EventRetention
{
    /// <param name="events">Newest first; removed from in place.</param>
    /// <returns>The removed events, whose snapshots must go too.</returns>
    public static List<VideoEvent> Trim(List<VideoEvent> events, EventRetentionOptions options, DateTimeOffset now)
    {
        var removed = new List<VideoEvent>();
        var oldest = now - options.MaxAge;
        var over = events.Count - options.MaxPerCamera;
        for (var i = events.Count - 1; i >= 0; i--)
        {
            var e = events[i];
            if (e.End is not { } end)
            {
                continue;
            }
            if (end < oldest || over > 0)
            {
                removed.Add(e);
                events.RemoveAt(i);
                over--;
            }
        }
        return removed;
    }
}
