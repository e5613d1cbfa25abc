using Orleans.Video.Media.Live;

namespace Orleans.Video.Silo.Live;

/// <summary>
/// This silo's one viewer of one camera's live video, whatever the number of browsers watching it here: it holds
/// the lease on the camera (renewed every <see cref="LiveVideo.Renewal"/>, and at once when no video came for a
/// few seconds: the camera moved or restarted) and copies each segment to every browser's <see cref="LiveQueue"/>.
/// </summary>
internal sealed partial class LiveRelay : ILiveViewer, IAsyncDisposable
{
    /// <summary>No video for this long: watch again now (a new activation of the camera does not know this silo).</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);

    /// <summary>How long the relay's object outlives its lease (see <see cref="DeleteLaterAsync"/>).</summary>
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(10);

    private readonly string _cameraId;
    private readonly IGrainFactory _grains;
    private readonly ICameraGrain _camera;
    private readonly ILiveViewer _self;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly List<LiveQueue> _viewers = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;
    private LiveSegment? _init;
    private DateTimeOffset _lastSegmentAt;

    public LiveRelay(string cameraId, IGrainFactory grains, TimeProvider clock, ILogger logger)
    {
        _cameraId = cameraId;
        _grains = grains;
        _camera = grains.GetGrain<ICameraGrain>(cameraId);
        _self = grains.CreateObjectReference<ILiveViewer>(this);
        _clock = clock;
        _logger = logger;
        _lastSegmentAt = clock.GetUtcNow();
        _watching = Task.Run(WatchAsync);
    }

    /// <summary>Why the camera sends no video now, in its words (stopped, a codec MP4 cannot hold), or null.</summary>
    public string? Unavailable { get; private set; }

    public Task OnVideoAsync(LiveSegment[] segments)
    {
        lock (_lock)
        {
            _lastSegmentAt = _clock.GetUtcNow();
            foreach (var segment in segments)
            {
                if (segment.Kind == LiveSegmentKind.Init)
                {
                    _init = segment;
                }
                foreach (var viewer in _viewers)
                {
                    viewer.Add(segment);
                }
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>Browsers watching through this relay.</summary>
    public int Viewers
    {
        get
        {
            lock (_lock)
            {
                return _viewers.Count;
            }
        }
    }

    /// <summary>A browser starts watching: from the next keyframe, after the current initialisation segment.</summary>
    public void Join(LiveQueue viewer)
    {
        lock (_lock)
        {
            if (_init is { } init)
            {
                viewer.Add(init);
            }
            _viewers.Add(viewer);
        }
    }

    /// <summary>A browser stops watching; true when it was the last.</summary>
    public bool Leave(LiveQueue viewer)
    {
        lock (_lock)
        {
            _viewers.Remove(viewer);
            viewer.Close();
            return _viewers.Count == 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        try
        {
            await _camera.UnwatchLiveAsync(_self);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The lease runs out by itself.
            LogUnwatchFailed(_logger, _cameraId, e.Message);
        }
        _stop.Dispose();
        _ = DeleteLaterAsync();
    }

    /// <summary>
    /// A batch the camera sent just before the unwatch may still be on its way: it must land on this object (which
    /// drops it), not on a deleted one, which Orleans logs as an error and leaves the camera's sender waiting 30 s
    /// for an answer. Seen twice in 1,215 viewers in a 30-minute soak.
    /// </summary>
    private async Task DeleteLaterAsync()
    {
        try
        {
            await Task.Delay(Linger, _clock);
            _grains.DeleteObjectReference<ILiveViewer>(_self);
        }
        catch (ObjectDisposedException)
        {
            // The silo stopped meanwhile, and its references with it.
        }
    }

    private async Task WatchAsync()
    {
        var watchedAt = DateTimeOffset.MinValue;
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1), _clock);
        try
        {
            do
            {
                var now = _clock.GetUtcNow();
                DateTimeOffset lastSegmentAt;
                lock (_lock)
                {
                    lastSegmentAt = _lastSegmentAt;
                }
                var quiet = now - lastSegmentAt > Quiet && now - watchedAt > Quiet;
                if (quiet || now - watchedAt >= LiveVideo.Renewal)
                {
                    try
                    {
                        Unavailable = await _camera.WatchLiveAsync(_self).WaitAsync(_stop.Token);
                        watchedAt = now;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        Unavailable = $"the camera cannot be reached: {e.Message}";
                        LogWatchFailed(_logger, _cameraId, e.Message);
                    }
                }
            }
            while (await tick.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
            // The last browser left.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live video of camera {CameraId}: watching failed: {Error}")]
    private static partial void LogWatchFailed(ILogger logger, string cameraId, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Live video of camera {CameraId}: unwatching failed: {Error}")]
    private static partial void LogUnwatchFailed(ILogger logger, string cameraId, string error);
}
