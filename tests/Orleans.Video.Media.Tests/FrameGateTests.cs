namespace Orleans.Video.Media.Tests;

public sealed class FrameGateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static PendingFrame Frame(long sequence) =>
        new(sequence, Now, TimeSpan.Zero, Letterbox.Fit(1280, 720, 640, 384), new byte[3]);

    [Fact]
    public void The_newest_frame_replaces_a_pending_one_and_the_replaced_one_is_returned_as_dropped()
    {
        var gate = new FrameGate(maxInFlight: 1);
        Assert.Null(gate.Offer(Frame(1)));
        var dropped = gate.Offer(Frame(2));
        Assert.Equal(1, dropped!.Sequence);
        Assert.True(gate.TryTake(Now, out var taken));
        Assert.Equal(2, taken.Sequence);
    }

    [Fact]
    public void No_more_than_max_in_flight_frames_are_handed_out_until_acknowledged()
    {
        var gate = new FrameGate(maxInFlight: 2);
        gate.Offer(Frame(1));
        Assert.True(gate.TryTake(Now, out _));
        gate.Offer(Frame(2));
        Assert.True(gate.TryTake(Now, out _));
        gate.Offer(Frame(3));
        Assert.False(gate.IsReady);
        Assert.False(gate.TryTake(Now, out _));
        Assert.Equal(2, gate.InFlight);

        Assert.True(gate.Complete(1));
        Assert.True(gate.IsReady);
        Assert.True(gate.TryTake(Now, out var next));
        Assert.Equal(3, next.Sequence);
    }

    [Fact]
    public void Unknown_acknowledgements_are_ignored()
    {
        var gate = new FrameGate(maxInFlight: 1);
        gate.Offer(Frame(1));
        gate.TryTake(Now, out _);
        Assert.False(gate.Complete(99));
        Assert.Equal(1, gate.InFlight);
    }

    [Fact]
    public void Frames_never_acknowledged_expire_and_free_their_slots()
    {
        var gate = new FrameGate(maxInFlight: 2);
        gate.Offer(Frame(1));
        gate.TryTake(Now, out _);
        gate.Offer(Frame(2));
        gate.TryTake(Now.AddSeconds(8), out _);

        Assert.Equal(1, gate.Expire(Now.AddSeconds(11), TimeSpan.FromSeconds(10)));
        Assert.Equal(1, gate.InFlight);
        Assert.False(gate.Complete(1));
        Assert.True(gate.Complete(2));
    }

    [Fact]
    public void Many_offers_between_takes_keep_one_pending_frame_and_count_the_rest_as_drops()
    {
        var gate = new FrameGate(maxInFlight: 1);
        var drops = Enumerable.Range(0, 100).Count(i => gate.Offer(Frame(i)) is not null);
        Assert.Equal(99, drops);
        Assert.True(gate.TryTake(Now, out var newest));
        Assert.Equal(99, newest.Sequence);
        Assert.Null(gate.Clear());
    }
}
