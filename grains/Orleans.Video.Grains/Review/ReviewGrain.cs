namespace Orleans.Video.Grains.Review;

/// <summary>
/// One key's review marks (<see cref="IReviewGrain"/>). The state is written whole on each change, so it is kept small:
/// a mark older than "reviewed until" says nothing and is dropped, and beyond <see cref="MaxEvents"/> the oldest go
/// (they are the least likely to be looked at again; "mark everything up to now" covers them).
/// </summary>
[GrainType("review")]
public sealed class ReviewGrain(
    [PersistentState("review", GrainStorageNames.Video)] IPersistentState<ReviewRecord> state) : Grain, IReviewGrain
{
    public const int MaxEvents = 20_000;

    public Task<ReviewMarks> GetAsync(DateTimeOffset from, DateTimeOffset to)
    {
        var events = state.State.Events.Where(entry => entry.Value >= from && entry.Value < to).Select(entry => entry.Key).ToHashSet(StringComparer.Ordinal);
        return Task.FromResult(new ReviewMarks(state.State.ReviewedUntil, events));
    }

    public async Task MarkAsync(IReadOnlyList<ReviewedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var changed = false;
        foreach (var reviewed in events)
        {
            if (reviewed.Start >= state.State.ReviewedUntil.GetValueOrDefault(DateTimeOffset.MinValue))
            {
                changed |= state.State.Events.TryAdd(reviewed.Key, reviewed.Start);
            }
        }
        if (changed)
        {
            Prune();
            await state.WriteStateAsync();
        }
    }

    public async Task MarkUntilAsync(DateTimeOffset until)
    {
        if (until <= state.State.ReviewedUntil)
        {
            return;
        }
        state.State.ReviewedUntil = until;
        Prune();
        await state.WriteStateAsync();
    }

    private void Prune()
    {
        var record = state.State;
        var stale = record.Events.Where(entry => entry.Value < record.ReviewedUntil).Select(entry => entry.Key).ToList();
        var over = record.Events.Count - stale.Count - MaxEvents;
        if (over > 0)
        {
            stale.AddRange(record.Events.Where(entry => !(entry.Value < record.ReviewedUntil)).OrderBy(entry => entry.Value).Take(over).Select(entry => entry.Key));
        }
        foreach (var key in stale)
        {
            record.Events.Remove(key);
        }
    }
}
