namespace Orleans.Video.Media;

/// <summary>How camera pipelines decode and recover (configuration section "Pipeline").</summary>
public sealed class PipelineOptions
{
    public const string Section = "Pipeline";

    /// <summary>The section's name before 2026-12-07; a silo that finds it refuses to start, naming the new one.</summary>
    public const string FormerSection = "Camera";

    /// <summary>Frames published and not yet processed by inference, per camera.</summary>
    public int MaxInFlight { get; set; } = 2;

    /// <summary>A published frame not acknowledged within this time is given up on.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>No frame for this long means the decoder is stuck: it is restarted.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>First reconnect delay; doubled after each failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest reconnect delay. Each delay is drawn between half and all of its step, so cameras that failed together retry apart.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// ffmpeg processes a silo starts in any second at most, for all its cameras together: a cold start or a site
    /// outage spreads its starts out instead of starving the cameras that run (<see cref="DecoderStarts"/>).
    /// </summary>
    public double MaxDecoderStartsPerSecond { get; set; } = 10;

    /// <summary>With the motion gate on, a frame still goes to the detector when none has for this long (lighting drift, slow objects).</summary>
    public TimeSpan MotionGateMaxIdle { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// With the motion gate on and objects being tracked, a frame goes to the detector at least this often: the
    /// tracker must see a still object stay (loitering) and a vanished one go, and neither moves anything.
    /// </summary>
    public TimeSpan MotionGateTrackedIdle { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// ffmpeg's decoding threads per camera; 0 is automatic (<see cref="Media.DecoderThreads"/>): ffmpeg chooses
    /// (one per core and one more) until the silo runs more decoders than it has cores, one thread from then on.
    /// </summary>
    public int DecoderThreads { get; set; }

    /// <summary>
    /// Run the decoders below the silo's own priority, so that under overload inference and storage are served
    /// first and the frames that would be dropped anyway are the ones not decoded.
    /// </summary>
    public bool LowPriorityDecoders { get; set; } = true;

    /// <summary>
    /// Each decoder also remuxes its input's video for live view (fragmented MP4 by stream copy, read by the silo
    /// whether or not anyone watches, so a viewer starts at the next keyframe). Off: no camera shows live video.
    /// </summary>
    public bool LiveVideo { get; set; } = true;

    /// <summary>
    /// Hardware decoding for the cameras on this silo whose own configuration says <c>none</c>: <c>cuda</c> (NVDEC) on
    /// a GPU silo that decodes cameras (<c>Cameras:DecodeOnGpuSilos</c>). Without the device the camera decodes in
    /// software and says so on its status.
    /// </summary>
    public HwAccel Hwaccel { get; set; } = HwAccel.None;

    /// <summary>Read files at their native frame rate, as a camera would deliver them.</summary>
    public bool RealtimeFiles { get; set; } = true;
}
