namespace Orleans.Video;

/// <summary>A job as it stands.</summary>
/// <param name="FramesDone">Frames of the file decoded so far (and analysed, or skipped by <see cref="JobOptions.Fps"/>).</param>
/// <param name="FramesTotal">The file's frames; 0 until it is planned.</param>
/// <param name="FramesPerSecond">Frames done a second, over the last seconds while running, over the whole run once ended.</param>
/// <param name="TimeLeft">At the current rate; null when not running or not yet known.</param>
/// <param name="Duration">The file's length.</param>
/// <param name="Error">Why the job failed.</param>
/// <param name="Output">The annotated video's path under the media storage root, once written.</param>
/// <param name="Source">The file analysed (a path on the silos).</param>
[GenerateSerializer, Immutable]
[Alias("video.JobStatus")]
public sealed record JobStatus(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] JobState State,
    [property: Id(3)] JobOptions Options,
    [property: Id(4)] long FramesDone,
    [property: Id(5)] long FramesTotal,
    [property: Id(6)] int ChunksDone,
    [property: Id(7)] int ChunksTotal,
    [property: Id(8)] double FramesPerSecond,
    [property: Id(9)] TimeSpan? TimeLeft,
    [property: Id(10)] TimeSpan Duration,
    [property: Id(11)] string? Error,
    [property: Id(12)] DateTimeOffset Created,
    [property: Id(13)] DateTimeOffset? Started,
    [property: Id(14)] DateTimeOffset? Finished,
    [property: Id(15)] string? Output = null,
    [property: Id(16)] int Events = 0,
    [property: Id(17)] string Source = "");
