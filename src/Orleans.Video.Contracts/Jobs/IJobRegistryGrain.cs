using Orleans.Concurrency;

namespace Orleans.Video;

/// <summary>
/// Every job of the cluster (a single grain, key <see cref="Key"/>): the list the API and CLI show, and the jobs with
/// chunks to hand out, which every silo's workers ask for.
/// </summary>
[Alias("video.IJobRegistryGrain")]
public interface IJobRegistryGrain : IGrainWithStringKey
{
    public const string Key = "jobs";

    /// <summary>Adds a job, or marks whether it has work: <paramref name="active"/> until it ends.</summary>
    [Alias("Set")]
    Task SetAsync(string jobId, bool active);

    [Alias("Remove")]
    Task RemoveAsync(string jobId);

    /// <summary>Job ids, newest first, after <paramref name="before"/> (exclusive) when given.</summary>
    [AlwaysInterleave]
    [Alias("List")]
    Task<IReadOnlyList<string>> ListAsync(string? before, int limit);

    /// <summary>Jobs that have not ended, oldest first: the order workers serve them in.</summary>
    [AlwaysInterleave]
    [Alias("Active")]
    Task<IReadOnlyList<string>> ActiveAsync();
}
