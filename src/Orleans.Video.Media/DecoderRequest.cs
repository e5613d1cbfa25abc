using Orleans.Video.Sources;
namespace Orleans.Video.Media;

/// <summary>What to decode and into which model input the frames must fit.</summary>
/// <param name="Realtime">Read files at their native rate (<c>-re</c>) so they behave like a camera.</param>
/// <param name="Loop">Files only: start again at the end.</param>
/// <param name="StallTimeout">A decoder that delivers no frame for this long is stopped and counted as failed.</param>
/// <param name="Threads">ffmpeg's decoding threads for this source; 0 is automatic (<see cref="DecoderThreads"/>).</param>
/// <param name="LowPriority">Run ffmpeg below the silo's priority (<see cref="DecoderPriority"/>).</param>
/// <param name="Record">Also write the input's video, by stream copy, as recording segments there; null records nothing.</param>
/// <param name="Transport">How an rtsp source is carried (never <see cref="RtspTransport.Auto"/>: the pipeline chooses).</param>
/// <param name="Hwaccel">ffmpeg's hardware decoding.</param>
/// <param name="Live">Also write the input's video, by stream copy, as fragmented MP4 for live view; null writes none.</param>
/// <param name="Seek">Files only: start decoding here (a keyframe's time from the file's start, so nothing before it is decoded).</param>
/// <param name="MaxFrames">Stop after this many frames; null runs to the end.</param>
/// <param name="KeyframeRate">Decode keyframes only, and hand out frames at this rate (the newest keyframe each time); null decodes every frame.</param>
public sealed record DecoderRequest(
    VideoSource Source,
    int InputWidth,
    int InputHeight,
    bool Realtime,
    bool Loop,
    TimeSpan StallTimeout,
    int Threads = 0,
    bool LowPriority = false,
    RecordingTarget? Record = null,
    RtspTransport Transport = RtspTransport.Tcp,
    HwAccel Hwaccel = HwAccel.None,
    double? KeyframeRate = null,
    Live.LiveOutput? Live = null,
    TimeSpan? Seek = null,
    int? MaxFrames = null);
