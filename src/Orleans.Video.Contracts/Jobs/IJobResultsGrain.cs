namespace Orleans.Video;

/// <summary>
/// A job's stored results, read from PostgreSQL by whichever silo takes the call (a stateless worker, several at
/// once): the job's own grain keeps the job's progress and nothing else. A job that does not exist has no results (an
/// empty page); the API and the CLI ask for the job first and answer 404.
/// </summary>
[Alias("video.IJobResultsGrain")]
public interface IJobResultsGrain : IGrainWithIntegerKey
{
    /// <summary>Stored detections of <paramref name="jobId"/> in media order.</summary>
    /// <exception cref="ArgumentException">The query is invalid (<see cref="JobQuery.Error"/>, or a cursor not made by this query).</exception>
    [Alias("QueryDetections")]
    Task<JobPage<JobDetection>> QueryDetectionsAsync(string jobId, JobQuery query);

    /// <summary>Events of <paramref name="jobId"/> tracked so far, in order of start.</summary>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    [Alias("QueryEvents")]
    Task<JobPage<JobEvent>> QueryEventsAsync(string jobId, JobQuery query);
}
