using Orleans.Concurrency;

namespace Orleans.Video;

/// <summary>
/// One camera's persisted detections (key = camera id): frames appended to PostgreSQL about once a second, queried
/// newest first. Retention deletes whole days for every camera at once (<c>Detections:MaxAge</c>).
/// </summary>
[Alias("video.IDetectionLogGrain")]
public interface IDetectionLogGrain : IGrainWithStringKey
{
    /// <summary>Stores a frame's detections; storing the same frame (camera + sequence) again changes nothing.</summary>
    [Alias("Append")]
    Task AppendAsync(FrameDetections frame);

    /// <summary>
    /// Matching detections, newest first; frames not yet written are written first. It interleaves with appends: a query
    /// waiting on a stalled database must not hold up the camera's frames behind it.
    /// </summary>
    /// <exception cref="ArgumentException">The query is invalid (<see cref="DetectionQuery.Error"/>).</exception>
    [AlwaysInterleave]
    [Alias("Query")]
    Task<DetectionPage> QueryAsync(DetectionQuery query);
}
