namespace Orleans.Video;

/// <summary>A stored detection of a job, at its media time; <see cref="Index"/> is its place within its frame.</summary>
[GenerateSerializer, Immutable]
[Alias("video.JobDetection")]
public sealed record JobDetection(
    [property: Id(0)] long Frame,
    [property: Id(1)] TimeSpan Time,
    [property: Id(2)] int Index,
    [property: Id(3)] string Label,
    [property: Id(4)] float Score,
    [property: Id(5)] Box Box);

/// <summary>An event of a job, at media times: an object in the file, its visit to a zone, its loitering.</summary>
/// <param name="End">Null while the job has not yet tracked past it.</param>
/// <param name="BestFrame">The frame of the best detection (seek the file there to see it).</param>
[GenerateSerializer, Immutable]
[Alias("video.JobEvent")]
public sealed record JobEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] EventKind Kind,
    [property: Id(2)] string Label,
    [property: Id(3)] long TrackId,
    [property: Id(4)] string? Zone,
    [property: Id(5)] TimeSpan Start,
    [property: Id(6)] TimeSpan? End,
    [property: Id(7)] float BestScore,
    [property: Id(8)] Box BestBox,
    [property: Id(9)] long BestFrame);

/// <summary>
/// A query over a job's results, in media order (time, then frame, then index; events by start, then id).
/// </summary>
/// <param name="From">Inclusive lower bound on media time; null for the start.</param>
/// <param name="To">Exclusive upper bound on media time; null for the end.</param>
/// <param name="Label">Only this label (case-insensitive); null for all.</param>
/// <param name="Kind">Events only: only this kind.</param>
/// <param name="Zone">Events only: only those of this zone (case-insensitive).</param>
/// <param name="Limit">Page size, 1..<see cref="MaxLimit"/>.</param>
/// <param name="After">Where the previous page ended (<see cref="JobPage{T}.Next"/>); null for the first page.</param>
[GenerateSerializer, Immutable]
[Alias("video.JobQuery")]
public sealed record JobQuery(
    [property: Id(0)] TimeSpan? From = null,
    [property: Id(1)] TimeSpan? To = null,
    [property: Id(2)] string? Label = null,
    [property: Id(3)] int Limit = 100,
    [property: Id(4)] string? After = null,
    [property: Id(5)] EventKind? Kind = null,
    [property: Id(6)] string? Zone = null)
{
    public const int MaxLimit = 10_000;

    /// <summary>The problem with this query, or null when it can run.</summary>
    public string? Error() =>
        Limit is < 1 or > MaxLimit ? $"limit must be between 1 and {MaxLimit}"
        : From is { } from && To is { } to && from >= to ? "from must be earlier than to"
        : From < TimeSpan.Zero ? "from must not be negative"
        : null;
}

/// <summary>A page of a job's results and where the next starts (an opaque cursor), null at the end.</summary>
[GenerateSerializer, Immutable]
[Alias("video.JobPage`1")]
public sealed record JobPage<T>(
    [property: Id(0)] IReadOnlyList<T> Items,
    [property: Id(1)] string? Next);
