using Orleans.Concurrency;

namespace Orleans.Video;

/// <summary>
/// What one API key (the grain's key is its name) has reviewed: events marked one by one, and a time before which every
/// event counts as reviewed ("everything up to now"). In grain storage; each key reviews for itself.
/// </summary>
[Alias("video.IReviewGrain")]
public interface IReviewGrain : IGrainWithStringKey
{
    /// <summary>The time before which everything is reviewed, and the events marked that started in [from, to).</summary>
    [AlwaysInterleave]
    [Alias("Get")]
    Task<ReviewMarks> GetAsync(DateTimeOffset from, DateTimeOffset to);

    /// <summary>Marks these events reviewed.</summary>
    [Alias("Mark")]
    Task MarkAsync(IReadOnlyList<ReviewedEvent> events);

    /// <summary>Marks every event that started before <paramref name="until"/> reviewed; an earlier time than the one held changes nothing.</summary>
    [Alias("MarkUntil")]
    Task MarkUntilAsync(DateTimeOffset until);
}
