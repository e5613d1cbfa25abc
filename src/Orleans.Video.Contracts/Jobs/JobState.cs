namespace Orleans.Video;

/// <summary>Where a job is: waiting for its file to be planned, analysed, or ended one of three ways.</summary>
public enum JobState
{
    Queued,
    Running,
    Done,
    Failed,
    Cancelled,
}

public static class JobStates
{
    /// <summary>Done, failed or cancelled: nothing more happens to the job until it is removed.</summary>
    public static bool IsEnded(this JobState state) => state is JobState.Done or JobState.Failed or JobState.Cancelled;
}
