namespace Orleans.Video.Silo.Live;

/// <summary>
/// One Orleans stream subscription per camera on this silo, shared by every browser here that follows the camera's
/// live detections or events. A subscription is state in the stream's PubSub grain (written to storage) and an
/// observer on this silo: a wall of screens that reloads every few minutes would otherwise add and remove both per
/// page load, and each removal races the items already on their way (Orleans logs those as dropped). The last
/// viewer out keeps the subscription a little longer (<paramref name="linger"/>), so a reload finds it still there.
/// </summary>
/// <param name="subscribe">Subscribes one handler to a camera's stream; disposing the result unsubscribes.</param>
/// <param name="stopping">
/// The silo starts stopping: nothing lingers from then on, and what lingered ends at once, while the silo can still
/// reach the PubSub grains (else their stored state keeps a subscriber that is gone).
/// </param>
public sealed class SharedSubscriptions<T>(
    Func<string, Func<T, Task>, Task<IAsyncDisposable>> subscribe, TimeProvider clock, TimeSpan linger, CancellationToken stopping)
    where T : class
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Camera> _cameras = new(StringComparer.Ordinal);

    /// <summary>Cameras this silo holds a subscription for now (lingering ones included).</summary>
    public int Subscriptions
    {
        get
        {
            lock (_lock)
            {
                return _cameras.Count;
            }
        }
    }

    /// <summary>Viewers of every camera on this silo now.</summary>
    public int Viewers
    {
        get
        {
            lock (_lock)
            {
                return _cameras.Values.Sum(c => c.Viewers.Length);
            }
        }
    }

    /// <summary>Adds a viewer's handler to the camera's subscription, subscribing when it is the first; disposing the result removes it.</summary>
    public async Task<IAsyncDisposable> JoinAsync(string cameraId, Func<T, Task> viewer)
    {
        Camera camera;
        lock (_lock)
        {
            if (!_cameras.TryGetValue(cameraId, out camera!))
            {
                camera = new Camera(cameraId);
                // The subscription outlives the request of its first viewer: it starts without that request's context.
                using (ExecutionContext.SuppressFlow())
                {
                    camera.Subscription = Task.Run(() => subscribe(cameraId, camera.DeliverAsync));
                }
                _cameras.Add(cameraId, camera);
            }
            camera.Viewers = [.. camera.Viewers, viewer];
            camera.Turns++;
        }
        var membership = new Membership(this, camera, viewer);
        try
        {
            await camera.Subscription;
        }
        catch
        {
            await membership.DisposeAsync();
            throw;
        }
        return membership;
    }

    private async Task LeaveAsync(Camera camera, Func<T, Task> viewer)
    {
        lock (_lock)
        {
            var at = Array.IndexOf(camera.Viewers, viewer);
            camera.Viewers = at < 0 ? camera.Viewers : [.. camera.Viewers[..at], .. camera.Viewers[(at + 1)..]];
            if (camera.Viewers.Length > 0)
            {
                return;
            }
            var turn = ++camera.Turns;
            if (linger > TimeSpan.Zero && !camera.Subscription.IsFaulted && !stopping.IsCancellationRequested)
            {
                _ = EndLaterAsync(camera, turn);
                return;
            }
            Forget(camera);
        }
        await EndAsync(camera);
    }

    private async Task EndLaterAsync(Camera camera, int turn)
    {
        try
        {
            await Task.Delay(linger, clock, stopping);
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping: end it now.
        }
        lock (_lock)
        {
            // Someone joined meanwhile (and perhaps left again, which scheduled its own end).
            if (camera.Turns != turn || !Forget(camera))
            {
                return;
            }
        }
        await EndAsync(camera);
    }

    /// <summary>Takes the camera's entry out (under the lock), if it is still this one.</summary>
    private bool Forget(Camera camera) =>
        _cameras.TryGetValue(camera.Id, out var current) && current == camera && _cameras.Remove(camera.Id);

    private static async Task EndAsync(Camera camera)
    {
        try
        {
            await (await camera.Subscription).DisposeAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Never subscribed (its joiners got that error), or the cluster cannot be reached now: nothing to give
            // back, or nothing that can be given back from here.
        }
    }

    private sealed class Camera(string id)
    {
        public string Id { get; } = id;

        public Task<IAsyncDisposable> Subscription { get; set; } = null!;

        /// <summary>Replaced, never changed in place: delivery reads it without the lock.</summary>
        public Func<T, Task>[] Viewers { get; set; } = [];

        /// <summary>Counts joins and last leaves: an end planned at the last leave is off once it has moved on.</summary>
        public int Turns { get; set; }

        public async Task DeliverAsync(T item)
        {
            foreach (var viewer in Viewers)
            {
                await viewer(item);
            }
        }
    }

    private sealed class Membership(SharedSubscriptions<T> owner, Camera camera, Func<T, Task> viewer) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                await owner.LeaveAsync(camera, viewer);
            }
        }
    }
}
