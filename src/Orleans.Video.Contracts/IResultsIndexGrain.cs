namespace Orleans.Video;

/// <summary>
/// Questions across cameras ("every person in the last hour"), answered from PostgreSQL's indexes over every camera's
/// stored results rather than by asking each camera's grains. A stateless worker: any silo answers, several at once.
/// Detections a camera gathered in the last <c>Detections:FlushInterval</c> (a second) show once written; a camera's
/// own log (<see cref="IDetectionLogGrain"/>) writes them before it answers.
/// </summary>
[Alias("video.IResultsIndexGrain")]
public interface IResultsIndexGrain : IGrainWithIntegerKey
{
    /// <summary>Matching detections of <paramref name="cameraIds"/> (every camera, registered or not, when null), newest first.</summary>
    /// <exception cref="ArgumentException">The query is invalid (<see cref="DetectionQuery.Error"/>).</exception>
    [Alias("QueryDetections")]
    Task<DetectionPage> QueryDetectionsAsync(IReadOnlyList<string>? cameraIds, DetectionQuery query);

    /// <summary>Matching events of <paramref name="cameraIds"/> (every camera when null), newest first.</summary>
    /// <exception cref="ArgumentException">The query is invalid (<see cref="EventQuery.Error"/>).</exception>
    [Alias("QueryEvents")]
    Task<EventPage> QueryEventsAsync(IReadOnlyList<string>? cameraIds, EventQuery query);
}
