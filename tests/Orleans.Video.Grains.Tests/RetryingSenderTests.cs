using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Video.Grains.Delivery;
using Orleans.Video.TestSupport;

namespace Orleans.Video.Grains.Tests;

/// <summary>What a camera's event updates and an inference grain's detections go through on their way to storage.</summary>
public sealed class RetryingSenderTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>A receiver that refuses while <see cref="Down"/> and records each batch it was sent.</summary>
    private sealed class Receiver
    {
        private readonly object _gate = new();
        private readonly List<int[]> _taken = [];

        public volatile bool Down;

        public int Attempts;

        public List<int[]> Taken
        {
            get
            {
                lock (_gate)
                {
                    return [.. _taken];
                }
            }
        }

        public Task SendAsync(IReadOnlyList<int> batch)
        {
            Interlocked.Increment(ref Attempts);
            if (Down)
            {
                return Task.FromException(new TimeoutException("the receiver's silo does not answer"));
            }
            lock (_gate)
            {
                _taken.Add([.. batch]);
            }
            return Task.CompletedTask;
        }
    }

    private static RetryingSender<int> Sender(Receiver receiver, FakeTimeProvider clock, int maxQueued = 100) =>
        new(receiver.SendAsync, maxQueued, "cam", "numbers", clock, NullLogger.Instance);

    [Fact]
    public async Task What_a_failed_send_held_goes_again_after_the_delay_ahead_of_what_came_meanwhile()
    {
        var receiver = new Receiver { Down = true };
        var clock = new FakeTimeProvider();
        var sender = Sender(receiver, clock);

        sender.Add([1, 2]);
        await sender.FlushAsync();
        sender.Add([3]);
        // Failing: nothing is sent before the delay, and a flush does not wait for the receiver to come back.
        Assert.Equal(1, receiver.Attempts);
        await sender.FlushAsync().WaitAsync(Patience);

        receiver.Down = false;
        clock.Advance(RetryingSender<int>.RetryDelay - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, receiver.Attempts);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.TrueAsync(() => receiver.Taken.Count == 1, Patience, "the retry");
        Assert.Equal([1, 2, 3], receiver.Taken[0]);

        // Sending again: new items go at once.
        sender.Add([4]);
        await sender.FlushAsync().WaitAsync(Patience);
        Assert.Equal([4], receiver.Taken[^1]);
    }

    [Fact]
    public async Task Past_its_bound_the_oldest_waiting_go()
    {
        var receiver = new Receiver { Down = true };
        var clock = new FakeTimeProvider();
        var sender = Sender(receiver, clock, maxQueued: 3);

        sender.Add([1]);
        await sender.FlushAsync();
        sender.Add([2, 3, 4, 5]);
        receiver.Down = false;
        clock.Advance(RetryingSender<int>.RetryDelay);
        await Eventually.TrueAsync(() => receiver.Taken.Count == 1, Patience, "the retry");
        Assert.Equal([3, 4, 5], receiver.Taken[0]);
    }
}
