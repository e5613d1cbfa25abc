using System.Diagnostics.CodeAnalysis;

namespace Orleans.Video.Media;

/// <summary>
/// Bounds the frames between a camera and its inference: at most <c>maxInFlight</c> published and not yet
/// acknowledged, and one pending. A newer frame replaces the pending one (the newest frame wins) and the
/// replaced frame is a drop. Frames go to inference as one-way calls, so this is what keeps inference's queue short.
/// A frame in flight keeps its buffer until it is acknowledged: the call that carries it may still be reading it.
/// Thread-safe: the decoder thread offers, the grain takes and acknowledges.
/// </summary>
public sealed class FrameGate(int maxInFlight)
{
    private readonly object _lock = new();
    private readonly Dictionary<long, (DateTimeOffset TakenAt, PendingFrame Frame)> _inFlight = [];
    private PendingFrame? _pending;
    private TaskCompletionSource? _room;

    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight.Count;
            }
        }
    }

    /// <summary>A frame is pending and a slot is free: <see cref="TryTake"/> would succeed.</summary>
    public bool IsReady
    {
        get
        {
            lock (_lock)
            {
                return _pending is not null && _inFlight.Count < maxInFlight;
            }
        }
    }

    /// <summary>Makes <paramref name="frame"/> the pending frame; returns the frame it replaced, which is dropped.</summary>
    public PendingFrame? Offer(PendingFrame frame)
    {
        lock (_lock)
        {
            var dropped = _pending;
            _pending = frame;
            return dropped;
        }
    }

    /// <summary>Takes the pending frame if there is one and a slot is free; the frame is then in flight.</summary>
    public bool TryTake(DateTimeOffset now, out PendingFrame frame)
    {
        lock (_lock)
        {
            if (_pending is null || _inFlight.Count >= maxInFlight)
            {
                frame = null!;
                return false;
            }
            frame = _pending;
            _pending = null;
            _inFlight[frame.Sequence] = (now, frame);
            SignalRoom();
            return true;
        }
    }

    /// <summary>
    /// Inference finished a frame: returns it, its buffer free for reuse. Returns false for an unknown (already
    /// expired) sequence.
    /// </summary>
    public bool Complete(long sequence, [NotNullWhen(true)] out PendingFrame? frame)
    {
        lock (_lock)
        {
            var known = _inFlight.Remove(sequence, out var entry);
            frame = entry.Frame;
            return known;
        }
    }

    /// <summary>
    /// Forgets frames unacknowledged for longer than <paramref name="timeout"/> (inference restarted or lost them);
    /// returns how many. Their buffers are left to the garbage collector, not reused: a call to a silo that is gone
    /// may still hold one.
    /// </summary>
    public int Expire(DateTimeOffset now, TimeSpan timeout)
    {
        lock (_lock)
        {
            var expired = _inFlight.Where(entry => now - entry.Value.TakenAt > timeout).Select(entry => entry.Key).ToList();
            foreach (var sequence in expired)
            {
                _inFlight.Remove(sequence);
            }
            return expired.Count;
        }
    }

    /// <summary>Removes and returns the pending frame, if any (on stop); frames in flight are forgotten, their buffers not reused.</summary>
    public PendingFrame? Clear()
    {
        lock (_lock)
        {
            var pending = _pending;
            _pending = null;
            _inFlight.Clear();
            SignalRoom();
            return pending;
        }
    }

    /// <summary>
    /// Completes when no frame is pending, so that an offered frame will not replace (drop) one. A decoder reading a
    /// file faster than real time waits on this before each frame: it decodes only what will be published, and
    /// leaves the cores to inference instead of decoding frames the gate would drop.
    /// </summary>
    public Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_pending is null)
            {
                return Task.CompletedTask;
            }
            _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _room.Task.WaitAsync(cancellationToken);
        }
    }

    private void SignalRoom()
    {
        _room?.TrySetResult();
        _room = null;
    }
}
