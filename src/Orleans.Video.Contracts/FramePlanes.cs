using System.Diagnostics.CodeAnalysis;
using Orleans.Concurrency;

namespace Orleans.Video;

/// <summary>
/// The pixels of a <see cref="FramePacket"/>, <see cref="I420"/>. On the camera's silo they are a buffer of the
/// camera's pool, handed over by reference. On a silo that received them over the network they are a buffer of
/// <see cref="ReceivedFrameBuffers"/> (<see cref="FramePlanesCodec"/>), which inference gives back with
/// <see cref="Release"/> once it has read them: a frame is 338 KiB, and a fresh array per frame put most of a
/// crossing's cost into the garbage collector.
/// </summary>
/// <remarks>Immutable for Orleans (never copied): the bytes do not change while anyone holds the frame.</remarks>
[Immutable]
[Alias("video.FramePlanes")]
[SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "The frame's buffer itself: copying it is what this type avoids.")]
public sealed class FramePlanes
{
    private byte[]? _received;

    public FramePlanes(byte[] bytes) => Bytes = bytes;

    public byte[] Bytes { get; }

    public int Length => Bytes.Length;

    /// <summary>Planes read from the network into a pooled buffer, which <see cref="Release"/> gives back.</summary>
    internal static FramePlanes Received(byte[] bytes) => new(bytes) { _received = bytes };

    /// <summary>
    /// Nothing reads <see cref="Bytes"/> any more: a received buffer goes back to the pool for the next frame. Does
    /// nothing for planes that did not cross the network (the camera's pool owns them) or were released already.
    /// </summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _received, null) is { } bytes)
        {
            ReceivedFrameBuffers.Return(bytes);
        }
    }
}
