using System.Collections.Concurrent;

namespace Orleans.Video.Media;

/// <summary>
/// Frame buffers, reused: the decoder reads each frame into one, which comes back when the frame was skipped, gated
/// out or processed; the snapshot keeper keeps its copies in another. A 640x360 frame is 338 KiB, a large-object-heap
/// allocation the GC would otherwise collect 25 times a second per camera. Thread-safe: inference gives buffers
/// back from its own turn.
/// </summary>
public sealed class FrameBufferPool
{
    private readonly ConcurrentBag<byte[]> _buffers = [];

    /// <summary>A buffer of exactly <paramref name="length"/> bytes; buffers of another size (a source that changed resolution) are let go.</summary>
    public byte[] Rent(int length)
    {
        while (_buffers.TryTake(out var buffer))
        {
            if (buffer.Length == length)
            {
                return buffer;
            }
        }
        return new byte[length];
    }

    public void Return(byte[] buffer) => _buffers.Add(buffer);
}
