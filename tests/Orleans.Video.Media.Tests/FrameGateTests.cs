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

        Assert.True(gate.Complete(1, out var completed));
        Assert.Equal(1, completed.Sequence);
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
        Assert.False(gate.Complete(99, out _));
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
        Assert.False(gate.Complete(1, out _));
        Assert.True(gate.Complete(2, out _));
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
    [Fact]
    public async Task Waiting_for_room_ends_when_the_pending_frame_is_taken_or_cleared()
    {
        var gate = new FrameGate(maxInFlight: 1);
        Assert.True(gate.WaitForRoomAsync(CancellationToken.None).IsCompletedSuccessfully);

        gate.Offer(Frame(1));
        var wait = gate.WaitForRoomAsync(CancellationToken.None);
        Assert.False(wait.IsCompleted);
        Assert.True(gate.TryTake(Now, out _));
        await wait.WaitAsync(TimeSpan.FromSeconds(5));

        // The one slot is taken: the next pending frame stays until the first is acknowledged, or until a stop clears it.
        gate.Offer(Frame(2));
        var second = gate.WaitForRoomAsync(CancellationToken.None);
        Assert.False(gate.TryTake(Now, out _));
        Assert.False(second.IsCompleted);
        Assert.Equal(2, gate.Clear()!.Sequence);
        await second.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Waiting_for_room_stops_when_cancelled()
    {
        var gate = new FrameGate(maxInFlight: 1);
        gate.Offer(Frame(1));
        using var cancel = new CancellationTokenSource();

        var wait = gate.WaitForRoomAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }
}
