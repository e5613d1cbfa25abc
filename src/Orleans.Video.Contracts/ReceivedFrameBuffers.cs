using System.Collections.Concurrent;

namespace Orleans.Video;

/// <summary>
/// Buffers for frames that arrive from another silo, reused: each has exactly a frame's length, so a buffer is the
/// frame (no length to carry beside it). Bounded in bytes: beyond <see cref="MaxPooledBytes"/> a returned buffer is
/// left to the garbage collector, so a burst of cameras or a change of resolution costs memory only while it lasts.
/// </summary>
internal static class ReceivedFrameBuffers
{
    /// <summary>About 200 frames of 640x360 in flight on a GPU silo at once.</summary>
    public const long MaxPooledBytes = 64L * 1024 * 1024;

    private static readonly ConcurrentDictionary<int, ConcurrentQueue<byte[]>> Pooled = new();
    private static long _pooledBytes;

    public static byte[] Rent(int length)
    {
        if (Pooled.TryGetValue(length, out var buffers) && buffers.TryDequeue(out var buffer))
        {
            Interlocked.Add(ref _pooledBytes, -length);
            return buffer;
        }
        // Every byte is overwritten by the frame: zeroing it first would be wasted work.
        return GC.AllocateUninitializedArray<byte>(length);
    }

    public static void Return(byte[] buffer)
    {
        if (Interlocked.Add(ref _pooledBytes, buffer.Length) > MaxPooledBytes)
        {
            Interlocked.Add(ref _pooledBytes, -buffer.Length);
            return;
        }
        Pooled.GetOrAdd(buffer.Length, static _ => new ConcurrentQueue<byte[]>()).Enqueue(buffer);
    }
}
