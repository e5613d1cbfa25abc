namespace Orleans.Video.Client;

/// <summary>Analysis jobs: video files analysed across the cluster, apart from the cameras.</summary>
public sealed partial class VideoClient
{
    /// <summary>The most jobs one page lists.</summary>
    public const int MaxJobsPerPage = 1000;

    private IJobRegistryGrain Jobs => client.GetGrain<IJobRegistryGrain>(IJobRegistryGrain.Key);

    /// <summary>Submits a job under a new id and returns it as accepted (queued: its file is planned next).</summary>
    /// <exception cref="ArgumentException">The options, the model or the file are refused; the message says why.</exception>
    public Task<JobStatus> SubmitJobAsync(JobSpec spec) => SubmitJobAsync(JobId.New(DateTimeOffset.UtcNow), spec);

    /// <summary>Submits a job under <paramref name="jobId"/> (an upload is stored in the job's folder first, so its id comes first).</summary>
    /// <exception cref="ArgumentException">The id, options, model or file are refused; the message says why.</exception>
    public Task<JobStatus> SubmitJobAsync(string jobId, JobSpec spec)
    {
        if (JobId.Validate(jobId) is { } error)
        {
            throw new ArgumentException(error, nameof(jobId));
        }
        return client.GetGrain<IJobGrain>(jobId).SubmitAsync(spec);
    }

    /// <summary>A job as it stands, or null when there is no such job.</summary>
    public Task<JobStatus?> GetJobAsync(string jobId) => client.GetGrain<IJobGrain>(jobId).GetStatusAsync();

    /// <summary>Jobs, newest first, after <paramref name="before"/> (a job id of the previous page) when given.</summary>
    public async Task<IReadOnlyList<JobStatus>> ListJobsAsync(string? before = null, int limit = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxJobsPerPage);
        var ids = await Jobs.ListAsync(before, limit);
        var statuses = await Task.WhenAll(ids.Select(GetJobAsync));
        return [.. statuses.OfType<JobStatus>()];
    }

    /// <summary>Cancels a job that has not ended, removes one that has (its results and its own file). False when there is no such job.</summary>
    public Task<bool> CancelJobAsync(string jobId) => client.GetGrain<IJobGrain>(jobId).CancelAsync();

    /// <summary>A job's stored detections in media order.</summary>
    /// <exception cref="ArgumentException">The query is invalid (<see cref="JobQuery.Error"/>, or a cursor not made by this query).</exception>
    public Task<JobPage<JobDetection>> QueryJobDetectionsAsync(string jobId, JobQuery query) =>
        client.GetGrain<IJobResultsGrain>(0).QueryDetectionsAsync(jobId, query);

    /// <summary>A job's events in order of start.</summary>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    public Task<JobPage<JobEvent>> QueryJobEventsAsync(string jobId, JobQuery query) =>
        client.GetGrain<IJobResultsGrain>(0).QueryEventsAsync(jobId, query);

    /// <summary>Every page of a query, read one after another.</summary>
    public async IAsyncEnumerable<T> ReadAllAsync<T>(Func<JobQuery, Task<JobPage<T>>> query, JobQuery first)
    {
        var next = first;
        while (true)
        {
            var page = await query(next);
            foreach (var item in page.Items)
            {
                yield return item;
            }
            if (page.Next is null)
            {
                yield break;
            }
            next = next with { After = page.Next };
        }
    }

    /// <summary>Polls a job until it has ended, reporting each status; returns the last, or null when the job is gone.</summary>
    public async Task<JobStatus?> WaitForJobAsync(string jobId, Action<JobStatus>? progress = null, TimeSpan? interval = null, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var status = await GetJobAsync(jobId);
            if (status is null)
            {
                return null;
            }
            progress?.Invoke(status);
            if (status.State.IsEnded())
            {
                return status;
            }
            await Task.Delay(interval ?? TimeSpan.FromSeconds(1), cancellationToken);
        }
    }
}
