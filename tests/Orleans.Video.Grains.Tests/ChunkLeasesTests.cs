using Orleans.Video.Grains.Jobs;

namespace Orleans.Video.Grains.Tests;

public sealed class ChunkLeasesTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Chunks_are_handed_out_in_order_skipping_done_and_leased_ones_each_under_a_new_attempt()
    {
        var leases = new ChunkLeases(firstAttempt: 100);
        bool[] done = [true, false, false];

        Assert.Equal((1, 100), leases.Take("a", done, Start));
        Assert.Equal((2, 101), leases.Take("b", done, Start));
        Assert.Null(leases.Take("c", done, Start));
    }

    [Fact]
    public void A_report_renews_its_lease_and_one_under_a_replaced_attempt_is_refused()
    {
        var leases = new ChunkLeases(firstAttempt: 0);
        bool[] done = [false];
        var (chunk, first) = leases.Take("a", done, Start)!.Value;

        Assert.True(leases.Report("a", chunk, first, framesDecoded: 40, Start.AddSeconds(20)));
        Assert.Equal(40, leases.FramesOf(chunk));
        // Renewed at 20 s: not expired at 45 s, expired at 51 s.
        Assert.Empty(leases.Expire(Start.AddSeconds(45), Timeout, _ => false));
        var expired = Assert.Single(leases.Expire(Start.AddSeconds(51), Timeout, _ => false));
        Assert.Equal((chunk, "a", false), (expired.Chunk, expired.Lease.Worker, expired.Gone));

        // Handed to b under a new attempt: a's late report, completion or failure changes nothing.
        var (again, second) = leases.Take("b", done, Start.AddSeconds(52))!.Value;
        Assert.Equal(chunk, again);
        Assert.NotEqual(first, second);
        Assert.False(leases.Report("a", chunk, first, 80, Start.AddSeconds(53)));
        leases.Release(chunk, first);
        Assert.Null(leases.Take("c", done, Start.AddSeconds(54)));
        leases.Release(chunk, second);
        Assert.Equal((chunk, second + 1), leases.Take("c", done, Start.AddSeconds(55)));
    }

    [Fact]
    public void A_worker_whose_silo_is_gone_loses_its_chunks_at_once()
    {
        var leases = new ChunkLeases(firstAttempt: 0);
        bool[] done = [false, false];
        leases.Take("dead-silo", done, Start);
        leases.Take("live-silo", done, Start);

        var expired = Assert.Single(leases.Expire(Start.AddSeconds(1), Timeout, worker => worker == "dead-silo"));

        Assert.Equal((0, true), (expired.Chunk, expired.Gone));
        Assert.Equal((0, 2), leases.Take("live-silo", done, Start.AddSeconds(1)));
    }

    [Fact]
    public void A_new_activation_takes_back_a_chunk_from_its_worker_s_report()
    {
        // The job's silo restarted: its leases went with it, and the workers still running chunks report under their attempts.
        var leases = new ChunkLeases(firstAttempt: 0);
        bool[] done = [false, false];

        Assert.True(leases.Report("a", chunk: 0, attempt: 7, framesDecoded: 12, Start));

        Assert.Equal(12, leases.FramesOf(0));
        Assert.Equal((1, 0), leases.Take("b", done, Start));
        leases.Clear();
        Assert.Equal(0, leases.FramesOf(0));
    }
}
