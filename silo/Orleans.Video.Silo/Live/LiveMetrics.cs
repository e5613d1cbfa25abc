using System.Diagnostics.Metrics;
using Orleans.Video.Client;

namespace Orleans.Video.Silo.Live;

/// <summary>
/// Who follows cameras live on this silo, by kind (video, detections, events): the browsers, and what the silo holds
/// for them in the cluster (a lease on a camera's video, a stream subscription), one per camera whatever the number
/// of browsers. Both go back to where they were when viewers leave: a rise that stays is a leak.
/// </summary>
public sealed class LiveMetrics
{
    private readonly (string Kind, Func<int> Viewers, Func<int> Held)[] _sources;

    public LiveMetrics(LiveRelays video, SharedSubscriptions<FrameDetections> detections, SharedSubscriptions<VideoEvent> events)
    {
        _sources =
        [
            ("video", () => video.Viewers, () => video.Relays),
            ("detections", () => detections.Viewers, () => detections.Subscriptions),
            ("events", () => events.Viewers, () => events.Subscriptions),
        ];
        VideoMeter.Meter.CreateObservableGauge("orleans_video.live.viewers",
            () => _sources.Select(s => new Measurement<int>(s.Viewers(), Kind(s.Kind))),
            "{viewer}", "Browsers following a camera live on this silo: video (WebSockets), detections and events (Server-Sent Events)");
        VideoMeter.Meter.CreateObservableGauge("orleans_video.live.subscriptions",
            () => _sources.Select(s => new Measurement<int>(s.Held(), Kind(s.Kind))),
            "{camera}", "Cameras this silo follows for its live viewers (a lease on the video, a stream subscription), shared by every viewer here");
    }

    private static KeyValuePair<string, object?> Kind(string kind) => new("kind", kind);
}
