using Orleans.Video.Media.Live;

namespace Orleans.Video.Silo.Live;

/// <summary>This silo's <see cref="LiveRelay"/>s, one per camera that someone here watches.</summary>
public sealed class LiveRelays(IGrainFactory grains, TimeProvider clock, ILogger<LiveRelays> logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LiveRelay> _relays = [];

    /// <summary>Cameras someone here watches.</summary>
    public int Relays
    {
        get
        {
            lock (_lock)
            {
                return _relays.Count;
            }
        }
    }

    /// <summary>Browsers watching, all cameras together.</summary>
    public int Viewers
    {
        get
        {
            lock (_lock)
            {
                return _relays.Values.Sum(r => r.Viewers);
            }
        }
    }

    /// <summary>Adds a browser's queue to the camera's relay, starting the relay when it is the first; returns why no video comes, or null.</summary>
    public Func<string?> Join(string cameraId, LiveQueue viewer)
    {
        LiveRelay? relay;
        lock (_lock)
        {
            if (!_relays.TryGetValue(cameraId, out relay))
            {
                // The relay outlives the request of its first viewer: it starts without that request's trace and context.
                using (ExecutionContext.SuppressFlow())
                {
                    relay = new LiveRelay(cameraId, grains, clock, logger);
                }
                _relays.Add(cameraId, relay);
            }
            relay.Join(viewer);
        }
        return () => relay.Unavailable;
    }

    /// <summary>Removes a browser's queue; the last one out stops the relay and gives up the camera's lease.</summary>
    public async Task LeaveAsync(string cameraId, LiveQueue viewer)
    {
        LiveRelay? ended = null;
        lock (_lock)
        {
            if (_relays.TryGetValue(cameraId, out var relay) && relay.Leave(viewer))
            {
                _relays.Remove(cameraId);
                ended = relay;
            }
        }
        if (ended is not null)
        {
            await ended.DisposeAsync();
        }
    }
}
