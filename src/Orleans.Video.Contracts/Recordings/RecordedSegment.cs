namespace Orleans.Video;

/// <summary>
/// One finished segment file of a camera's recording: a few seconds of video, by stream copy, starting at a keyframe.
/// </summary>
/// <param name="Start">Wall-clock time of its first frame.</param>
/// <param name="Duration">From its first frame to the end of its last.</param>
/// <param name="Bytes">Its size on disk.</param>
/// <param name="Path">Relative to the media storage root, made by the recorder; never taken from a request.</param>
/// <param name="Event">An event (with its padding) overlaps it: it is kept for the camera's event retention.</param>
[GenerateSerializer, Immutable]
[Alias("video.RecordedSegment")]
public sealed record RecordedSegment(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] TimeSpan Duration,
    [property: Id(2)] long Bytes,
    [property: Id(3)] string Path,
    [property: Id(4)] bool Event = false)
{
    public DateTimeOffset End => Start + Duration;

    /// <summary>How a request names this segment: its start in Unix milliseconds, unique within a camera.</summary>
    public long Key => Start.ToUnixTimeMilliseconds();

    public bool Overlaps(DateTimeOffset from, DateTimeOffset to) => Start < to && End > from;
}
