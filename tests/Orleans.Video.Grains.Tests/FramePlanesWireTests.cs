using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Orleans.Video.Grains.Tests;

/// <summary>
/// A frame that crosses to another silo is read into a pooled buffer, which inference gives back for the next frame:
/// through Orleans' own serializer, as a silo reads a message. Each test uses a frame length of its own, because the
/// pool is per length and shared by the process.
/// </summary>
public sealed class FramePlanesWireTests
{
    private readonly Serializer _serializer = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(FramePacket).Assembly).AddAssembly(typeof(FramePlanesWireTests).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    [Fact]
    public void A_received_frame_has_the_pixels_sent_and_its_released_buffer_carries_the_next_one()
    {
        var pixels = Pixels(30_001);
        var message = _serializer.SerializeToArray(Packet(pixels));

        var first = Receive(message);
        Assert.Equal(pixels, first.Planes.Bytes);
        Assert.NotSame(pixels, first.Planes.Bytes);

        first.Planes.Release();
        var second = Receive(message);
        Assert.Same(first.Planes.Bytes, second.Planes.Bytes);
        Assert.Equal(pixels, second.Planes.Bytes);

        // Not released yet: the next frame cannot have its buffer.
        var third = Receive(message);
        Assert.NotSame(second.Planes.Bytes, third.Planes.Bytes);
    }

    [Fact]
    public void A_buffer_released_twice_goes_back_once()
    {
        var message = _serializer.SerializeToArray(Packet(Pixels(30_002)));
        var frame = Receive(message);

        frame.Planes.Release();
        frame.Planes.Release();

        // Pooled twice, two frames would share one buffer, each overwriting the other's pixels.
        var a = Receive(message);
        var b = Receive(message);
        Assert.NotSame(a.Planes.Bytes, b.Planes.Bytes);
    }

    [Fact]
    public void Planes_that_did_not_cross_stay_with_the_camera()
    {
        var cameraBuffer = Pixels(30_003);
        var local = new FramePlanes(cameraBuffer);

        // Inference releases every frame; on the camera's silo that must leave the camera's buffer alone.
        local.Release();

        var received = Receive(_serializer.SerializeToArray(Packet(Pixels(30_003))));
        Assert.NotSame(cameraBuffer, received.Planes.Bytes);
    }

    [Fact]
    public void The_wire_format_is_a_byte_array_so_silos_of_both_versions_exchange_frames()
    {
        var pixels = Pixels(30_004);

        var fromOld = Receive(_serializer.SerializeToArray(new ByteArrayFrame { CameraId = "cam", Planes = pixels }));
        Assert.Equal("cam", fromOld.CameraId);
        Assert.Equal(pixels, fromOld.Planes.Bytes);

        var toOld = _serializer.Deserialize<ByteArrayFrame>(_serializer.SerializeToArray(Packet(pixels)))!;
        Assert.Equal(pixels, toOld.Planes);
    }

    [Fact]
    public void A_length_the_message_does_not_hold_is_refused_before_a_buffer_is_taken()
    {
        var pixels = Enumerable.Repeat((byte)0xAB, 1000).ToArray();
        var message = _serializer.SerializeToArray(Packet(pixels));
        // The planes are written as their length, then the bytes. Orleans' varint puts its byte count in the low bits
        // of the first byte: 1000 is (1000 << 2) | 0b10 in two bytes, A2 0F; 0x7FFFFFF0 is (v << 5) | 0b10000 in five.
        var at = message.AsSpan().IndexOf(new byte[] { 0xA2, 0x0F, 0xAB, 0xAB, 0xAB, 0xAB });
        Assert.True(at > 0);
        byte[] claimsTwoGigabytes = [.. message[..at], 0x10, 0xFE, 0xFF, 0xFF, 0x0F, .. message[(at + 2)..]];

        var error = Assert.ThrowsAny<Exception>(() => Receive(claimsTwoGigabytes));
        Assert.IsNotType<OutOfMemoryException>(error);
        Assert.IsNotType<OverflowException>(error);
    }

    private FramePacket Receive(byte[] message) => _serializer.Deserialize<FramePacket>(message) ?? throw new InvalidOperationException("no frame read");

    private static FramePacket Packet(byte[] pixels) => new()
    {
        CameraId = "cam",
        Sequence = 1,
        Timestamp = DateTimeOffset.UnixEpoch,
        Model = "shapes",
        Letterbox = Letterbox.Fit(640, 360, 640, 384),
        Planes = new FramePlanes(pixels),
    };

    private static byte[] Pixels(int length)
    {
        var pixels = new byte[length];
        new Random(length).NextBytes(pixels);
        return pixels;
    }
}

/// <summary>A frame as it was sent before <see cref="FramePlanes"/>: its pixels as a plain array, in the same field.</summary>
[GenerateSerializer]
[Alias("test.ByteArrayFrame")]
public sealed record ByteArrayFrame
{
    [Id(0)] public required string CameraId { get; init; }
    [Id(6)] public required byte[] Planes { get; init; }
}
