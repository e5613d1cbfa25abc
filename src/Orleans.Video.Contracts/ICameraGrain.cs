using Orleans.Concurrency;

namespace Orleans.Video;

/// <summary>One camera: owns its decoder and sends sampled, preprocessed frames to its <see cref="IInferenceGrain"/>.</summary>
[Alias("video.ICameraGrain")]
public interface ICameraGrain : IGrainWithStringKey
{
    /// <summary>Validates and stores the configuration; a running camera restarts its decoder with it.</summary>
    /// <exception cref="ArgumentException">The configuration is invalid; the message names the field.</exception>
    [Alias("Configure")]
    Task ConfigureAsync(CameraConfig config);

    /// <summary>
    /// Starts the decoder (idempotent) on the silo the camera planner says, moving there first if this activation is
    /// elsewhere, and keeps it running across silo failures until <see cref="StopAsync"/>.
    /// </summary>
    [Alias("Start")]
    Task StartAsync();

    /// <summary>Stops the decoder; the camera stays registered.</summary>
    [Alias("Stop")]
    Task StopAsync();

    /// <summary>Stops the decoder and forgets the configuration. Persisted detections are kept.</summary>
    [Alias("Remove")]
    Task RemoveAsync();

    /// <summary>State, counters and a summary of the configuration (<see cref="GetConfigAsync"/> has all of it).</summary>
    [Alias("GetStatus")]
    Task<CameraStatus> GetStatusAsync();

    /// <summary>The configuration; null when the camera was never configured or was removed.</summary>
    [Alias("GetConfig")]
    Task<CameraConfig?> GetConfigAsync();

    /// <summary>
    /// Moves the camera to <paramref name="silo"/>: this activation stops its decoder and deactivates, and the
    /// camera resumes there from its persisted state, so two decoders never publish at once.
    /// </summary>
    [Alias("MoveTo")]
    Task MoveToAsync(SiloAddress silo);

    /// <summary>The newest processed frame with its detection boxes drawn, as JPEG; null before the first.</summary>
    [Alias("GetSnapshot")]
    Task<byte[]?> GetSnapshotAsync();

    /// <summary>
    /// Starts or renews <paramref name="viewer"/>'s lease on the camera's live video: segments reach it until
    /// <see cref="UnwatchLiveAsync"/>, or until <see cref="LiveVideo.Lease"/> passes without a renewal (its silo died).
    /// Returns why no video comes now (the camera is stopped, its source cannot be remuxed), or null.
    /// </summary>
    [Alias("WatchLive")]
    Task<string?> WatchLiveAsync(ILiveViewer viewer);

    [Alias("UnwatchLive")]
    Task UnwatchLiveAsync(ILiveViewer viewer);

    /// <summary>
    /// Inference reports a frame done, which frees a slot for the next frame: with the frame's detections, or
    /// with <paramref name="error"/> saying why inference failed.
    /// </summary>
    [OneWay]
    [Alias("FrameProcessed")]
    Task FrameProcessedAsync(long sequence, IReadOnlyList<Detection>? detections, string? error = null);
}
