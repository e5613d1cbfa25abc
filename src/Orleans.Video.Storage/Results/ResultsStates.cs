namespace Orleans.Video.Storage.Results;

/// <summary>
/// A camera's detection log as the <see cref="ResultsGrainStorage"/> keeps it: the frames that came since the last
/// write. A write appends them to <c>video_detections</c> and empties the list; a read has nothing to load, since
/// queries read the table.
/// </summary>
public sealed class DetectionLogState
{
    public List<FrameDetections> Pending { get; } = [];
}

/// <summary>
/// A camera's event log as the <see cref="ResultsGrainStorage"/> keeps it: the events still open, which a read loads,
/// and the changes a write stores. After a write <see cref="Changes"/> holds the events as stored (a snapshot kept),
/// without those that had ended before, which a write leaves as they were.
/// </summary>
public sealed class EventLogState
{
    public List<VideoEvent> Open { get; set; } = [];

    public List<VideoEvent> Changes { get; set; } = [];
}
