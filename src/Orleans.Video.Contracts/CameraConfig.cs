namespace Orleans.Video;

/// <summary>What a camera decodes and how it is analysed.</summary>
/// <param name="Source">A file path or an <c>rtsp://</c>, <c>rtsps://</c>, <c>http(s)://</c>, <c>tcp://</c> or <c>udp://</c> URL.</param>
/// <param name="Fps">Frames per second handed to inference (the source is sampled down to this rate).</param>
/// <param name="Model">Name of a model from the silo's model catalog.</param>
/// <param name="Loop">For file sources: start again at the end (true) or stop (false).</param>
/// <param name="MotionGate">Run the detector only on frames with motion (and at least every few seconds), as Frigate does.</param>
/// <param name="Zones">Named areas; tracked objects entering, leaving or loitering in them make events.</param>
/// <param name="Filter">Which detections count (labels, minimum score, box area, per label); null tracks the model's default labels (<see cref="TrackedLabels"/>).</param>
/// <param name="Record">Whether and how the camera's video is recorded; null records nothing.</param>
/// <param name="RecordSource">The camera's main stream, recorded by a process of its own, while <paramref name="Source"/>
/// (typically the sub stream) is analysed; null: the decoder records <paramref name="Source"/> itself, one connection.</param>
/// <param name="RtspTransport">For rtsp sources: TCP, UDP, or TCP first and UDP when the server refuses TCP.</param>
/// <param name="Hwaccel">Hardware decoding; a silo without the device decodes in software and says so on the camera's status.</param>
/// <param name="KeyframesOnly">Decode only keyframes, for analysis rates at or below the keyframe rate: far less CPU.</param>
/// <param name="TlsVerify">For rtsps sources: check the camera's certificate against its host name and the silo's trusted
/// roots (false for a camera with a self-signed certificate, which then gets TLS without knowing who answers).</param>
/// <param name="Alerts">Which events are alerts in review (labels, zones); null: events in a zone are.</param>
/// <param name="MotionMasks">Areas the motion gate ignores.</param>
[GenerateSerializer, Immutable]
[Alias("video.CameraConfig")]
public sealed record CameraConfig(
    [property: Id(0)] string Source,
    [property: Id(1)] double Fps,
    [property: Id(2)] string Model,
    [property: Id(3)] bool Loop = true,
    [property: Id(4)] bool MotionGate = true,
    [property: Id(5)] List<Zone>? Zones = null,
    [property: Id(6)] DetectionFilter? Filter = null,
    [property: Id(7)] RecordConfig? Record = null,
    [property: Id(8)] string? RecordSource = null,
    [property: Id(9)] RtspTransport RtspTransport = RtspTransport.Auto,
    [property: Id(10)] HwAccel Hwaccel = HwAccel.None,
    [property: Id(11)] bool KeyframesOnly = false,
    [property: Id(12)] bool TlsVerify = true,
    [property: Id(13)] AlertRules? Alerts = null,
    [property: Id(14)] List<MotionMask>? MotionMasks = null)
{
    /// <summary>
    /// The model of a camera or job that names none: the shipped COCO detector (YOLOX-Nano; people, vehicles, animals and
    /// 70 more classes), as the silo's appsettings.json defines it.
    /// </summary>
    public const string DefaultModel = "objects";

    /// <summary>Never null: no zones configured reads as an empty list.</summary>
    public IReadOnlyList<Zone> ZoneList => Zones ?? [];

    /// <summary>Never null: no record settings read as recording off.</summary>
    public RecordConfig Recording => Record ?? RecordConfig.Off;

    // Configuring a camera with what it already has must not restart its decoder: compare the lists by value.
    public bool Equals(CameraConfig? other) =>
        other is not null && Source == other.Source && Fps.Equals(other.Fps) && Model == other.Model
        && Loop == other.Loop && MotionGate == other.MotionGate
        && Same.Items(Zones, other.Zones) && Equals(Filter, other.Filter) && Recording == other.Recording
        && RecordSource == other.RecordSource && RtspTransport == other.RtspTransport && Hwaccel == other.Hwaccel
        && KeyframesOnly == other.KeyframesOnly && TlsVerify == other.TlsVerify && Equals(Alerts, other.Alerts)
        && Same.Items(MotionMasks, other.MotionMasks);

    public override int GetHashCode() => HashCode.Combine(Source, Fps, Model, Loop, MotionGate, Zones?.Count ?? 0);
}
