namespace Orleans.Video.Storage.Jobs;

/// <summary>
/// A job's results as the results storage keeps them: the chunks and event changes that came since the last write.
/// A write appends the chunks (once each) and upserts the events, then empties both lists; a clear removes every row
/// of the job. Queries read the tables (<see cref="JobStore"/>).
/// </summary>
public sealed class JobResultsState
{
    public List<StoredJobChunk> Chunks { get; } = [];

    public List<JobEvent> Events { get; } = [];
}
