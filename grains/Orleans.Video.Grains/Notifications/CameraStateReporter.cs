namespace Orleans.Video.Grains.Notifications;

/// <summary>
/// Tells the <see cref="Notifier"/> about a camera's state each time it (or its error) differs from the last one told,
/// and keeps the silo's camera gauge (<c>orleans_video_camera_running</c>) with it.
/// </summary>
internal sealed class CameraStateReporter(string cameraId, Notifier notifier, TimeProvider clock)
{
    private CameraState? _state;
    private string? _error;

    public Task ReportAsync(CameraState state, string? error)
    {
        if (state == _state && error == _error)
        {
            return Task.CompletedTask;
        }
        _state = state;
        _error = error;
        Cameras.CameraMetrics.SetState(cameraId, state);
        return notifier.CameraStateAsync(new CameraStateNotice(cameraId, state, error, clock.GetUtcNow()));
    }
}
