using Microsoft.Extensions.Logging;
using Orleans.Video.Media.Live;

namespace Orleans.Video.Grains.Live;

/// <summary>
/// A camera's live video, fanned out to the silos that watch it: one <see cref="ILiveViewer"/> per silo, each with
/// a lease it renews. Segments come from the decoder's thread; each viewer has a <see cref="LiveQueue"/> and a
/// sender that passes everything waiting in one call and sends the next batch when that call has returned, so a
/// slow silo holds up nobody else and, once it is too far behind, skips to the next keyframe.
/// Lives as long as the camera's activation, across decoder runs: the newest initialisation segment is kept for
/// viewers that join.
/// </summary>
internal sealed partial class LiveFanout(string cameraId, TimeProvider clock, ILogger logger)
{
    /// <summary>Segments waiting per viewer silo (about two seconds at 25 fps) before it skips to the next keyframe.</summary>
    private const int QueueCapacity = 50;

    private readonly Lock _lock = new();
    private readonly Dictionary<ILiveViewer, Viewer> _viewers = [];
    private LiveSegment? _init;

    /// <summary>Adds a viewer or renews its lease.</summary>
    public void Watch(ILiveViewer observer)
    {
        lock (_lock)
        {
            var expires = clock.GetUtcNow() + LiveVideo.Lease;
            if (_viewers.TryGetValue(observer, out var known))
            {
                known.Expires = expires;
                return;
            }
            var viewer = new Viewer(observer, new LiveQueue(QueueCapacity)) { Expires = expires };
            if (_init is { } init)
            {
                viewer.Queue.Add(init);
            }
            _viewers.Add(observer, viewer);
            _ = Task.Run(() => SendAsync(viewer));
        }
    }

    public void Unwatch(ILiveViewer observer)
    {
        lock (_lock)
        {
            if (_viewers.Remove(observer, out var viewer))
            {
                viewer.Queue.Close();
            }
        }
    }

    /// <summary>Called on the decoder's thread for each segment, whether or not anyone watches.</summary>
    public void Publish(LiveSegment segment)
    {
        lock (_lock)
        {
            if (segment.Kind == LiveSegmentKind.Init)
            {
                _init = segment;
            }
            if (_viewers.Count == 0)
            {
                return;
            }
            var now = clock.GetUtcNow();
            foreach (var (observer, viewer) in _viewers)
            {
                if (viewer.Expires < now)
                {
                    // Its silo stopped renewing (it died, or its last viewer left without saying so).
                    _viewers.Remove(observer);
                    viewer.Queue.Close();
                    continue;
                }
                viewer.Queue.Add(segment);
            }
        }
    }

    /// <summary>Ends every viewer's sender (the activation is going away; the viewers' silos watch the next one).</summary>
    public void Close()
    {
        lock (_lock)
        {
            foreach (var viewer in _viewers.Values)
            {
                viewer.Queue.Close();
            }
            _viewers.Clear();
            _init = null;
        }
    }

    /// <summary>Off the grain's scheduler: a call to a viewer must never wait for, or hold up, the camera's turns.</summary>
    private async Task SendAsync(Viewer viewer)
    {
        while (await viewer.Queue.TakeAsync(CancellationToken.None) is { Length: > 0 } batch)
        {
            try
            {
                await viewer.Observer.OnVideoAsync(batch);
            }
            catch (Exception e)
            {
                // Its silo is gone or dropped the observer: it watches again if it still has viewers.
                LogViewerLost(logger, cameraId, e.Message);
                lock (_lock)
                {
                    // Only this viewer: its silo may have watched again since, with a new queue.
                    if (_viewers.TryGetValue(viewer.Observer, out var current) && current == viewer)
                    {
                        _viewers.Remove(viewer.Observer);
                    }
                }
                viewer.Queue.Close();
                return;
            }
        }
    }

    private sealed class Viewer(ILiveViewer observer, LiveQueue queue)
    {
        public ILiveViewer Observer => observer;
        public LiveQueue Queue => queue;
        public DateTimeOffset Expires { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {CameraId}: a live viewer's silo stopped answering: {Error}")]
    private static partial void LogViewerLost(ILogger logger, string cameraId, string error);
}
