using System.Collections.Concurrent;

namespace Orleans.Video.Grains.Inference;

/// <summary>
/// Frames handed from a camera grain to an inference grain on the same silo without going through the stream's
/// serializer: the stream carries only a handle, the pixels stay in the camera's pooled buffer. Per silo.
/// </summary>
public sealed class LocalFrames
{
    /// <summary>A frame nobody took within this time was lost (its inference grain moved or died); its buffer goes back.</summary>
    private static readonly TimeSpan Abandoned = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<long, Entry> _frames = new();
    private long _next;

    /// <summary>Number of frames deposited and not yet taken.</summary>
    public int Count => _frames.Count;

    /// <summary>Deposits <paramref name="planes"/>; <paramref name="release"/> gets the buffer back once inference is done with it.</summary>
    public long Put(byte[] planes, Action<byte[]> release)
    {
        ReleaseAbandoned();
        var handle = Interlocked.Increment(ref _next);
        _frames[handle] = new Entry(planes, release, Environment.TickCount64);
        return handle;
    }

    public bool TryTake(long handle, out byte[] planes, out Action<byte[]> release)
    {
        if (_frames.TryRemove(handle, out var entry))
        {
            (planes, release) = (entry.Planes, entry.Release);
            return true;
        }
        (planes, release) = (null!, null!);
        return false;
    }

    private void ReleaseAbandoned()
    {
        var cutoff = Environment.TickCount64 - (long)Abandoned.TotalMilliseconds;
        foreach (var (handle, entry) in _frames)
        {
            if (entry.Added < cutoff && _frames.TryRemove(handle, out var removed))
            {
                removed.Release(removed.Planes);
            }
        }
    }

    private sealed record Entry(byte[] Planes, Action<byte[]> Release, long Added);
}
