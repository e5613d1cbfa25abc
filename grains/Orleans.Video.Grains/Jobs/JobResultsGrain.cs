using Orleans.Concurrency;
using Orleans.Video.Storage.Jobs;

namespace Orleans.Video.Grains.Jobs;

/// <summary>Queries of jobs' stored results, run on whichever silo takes the call: each is one indexed SQL statement.</summary>
[StatelessWorker]
[GrainType("jobresults")]
public sealed class JobResultsGrain(JobStore store) : Grain, IJobResultsGrain
{
    public Task<JobPage<JobDetection>> QueryDetectionsAsync(string jobId, JobQuery query)
    {
        Check(query, events: false);
        return store.QueryDetectionsAsync(jobId, query);
    }

    public Task<JobPage<JobEvent>> QueryEventsAsync(string jobId, JobQuery query)
    {
        Check(query, events: true);
        return store.QueryEventsAsync(jobId, query);
    }

    private static void Check(JobQuery query, bool events)
    {
        if (query.Error() is { } error)
        {
            throw new ArgumentException(error, nameof(query));
        }
        if (!JobStore.IsCursor(query.After, events))
        {
            throw new ArgumentException("cursor is not one this API returned", nameof(query));
        }
    }
}
