using Orleans.Concurrency;

namespace Orleans.Video;

/// <summary>
/// One analysis job (key = job id): a video file planned into keyframe-aligned chunks, handed out to the workers of
/// every silo, their results stored as they come and tracked in media order into events. Durable: a job whose silo
/// died, or whose cluster restarted, goes on from the chunks it has.
/// </summary>
[Alias("video.IJobGrain")]
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>Stores the job and starts it. Submitting the same job again changes nothing.</summary>
    /// <exception cref="ArgumentException">The options are invalid or name an unknown model.</exception>
    [Alias("Submit")]
    Task<JobStatus> SubmitAsync(JobSpec spec);

    /// <summary>The job as it stands; null when there is no such job.</summary>
    [AlwaysInterleave]
    [Alias("GetStatus")]
    Task<JobStatus?> GetStatusAsync();

    /// <summary>Cancels a job that has not ended; removes one that has (its results, and its file if the job owns it). False when there is no such job.</summary>
    [Alias("Cancel")]
    Task<bool> CancelAsync();

    /// <summary>A chunk for the worker <paramref name="worker"/> (a silo) to analyse, or null when none is waiting.</summary>
    [Alias("TakeChunk")]
    Task<JobChunk?> TakeChunkAsync(string worker);

    /// <summary>A worker is still on a chunk and has decoded this many of its frames. False: stop (the job was cancelled, or the chunk is someone else's now).</summary>
    [Alias("ReportProgress")]
    Task<bool> ReportProgressAsync(string worker, int chunk, int attempt, int framesDecoded);

    /// <summary>A chunk is done: its results are stored (once, however often it is reported) and tracked when its turn comes.</summary>
    [Alias("CompleteChunk")]
    Task CompleteChunkAsync(string worker, int chunk, int attempt, JobChunkResult result);

    /// <summary>
    /// A chunk could not be analysed. <paramref name="countsAsAttempt"/> false: it was not its fault (its silo is
    /// stopping) and it is handed out again; otherwise it is retried a few times, then the job fails with this reason.
    /// </summary>
    [Alias("FailChunk")]
    Task FailChunkAsync(string worker, int chunk, int attempt, string reason, bool countsAsAttempt = true);
}
