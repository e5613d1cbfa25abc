using Orleans.Video.Grains.Inference;

namespace Orleans.Video.Grains.Tests;

public sealed class LocalFramesTests
{
    [Fact]
    public void A_deposited_frame_is_taken_once_with_its_release()
    {
        var frames = new LocalFrames();
        var returned = new List<byte[]>();
        var buffer = new byte[] { 1, 2, 3 };
        var handle = frames.Put(buffer, returned.Add);

        Assert.True(frames.TryTake(handle, out var planes, out var release));
        Assert.Same(buffer, planes);
        Assert.False(frames.TryTake(handle, out _, out _));
        release(planes);
        Assert.Same(buffer, Assert.Single(returned));
        Assert.Equal(0, frames.Count);
    }

    [Fact]
    public void Handles_are_unique_and_unknown_ones_are_not_found()
    {
        var frames = new LocalFrames();
        var first = frames.Put([1], _ => { });
        var second = frames.Put([2], _ => { });
        Assert.NotEqual(first, second);
        Assert.False(frames.TryTake(second + 100, out _, out _));
        Assert.Equal(2, frames.Count);
    }
}
