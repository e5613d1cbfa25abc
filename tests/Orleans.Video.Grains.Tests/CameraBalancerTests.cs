using System.Net;
using Orleans.Runtime;
using Orleans.Video.Grains.Cluster;

namespace Orleans.Video.Grains.Tests;

public sealed class CameraBalancerTests
{
    private static readonly SiloAddress A = Silo(11111), B = Silo(11112), C = Silo(11113);

    private static SiloAddress Silo(int port) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 1);

    private static (string, SiloAddress)[] On(SiloAddress silo, params string[] ids) => [.. ids.Select(id => (id, silo))];

    [Fact]
    public void A_joining_silo_gets_cameras_until_the_counts_differ_by_at_most_one()
    {
        var moves = CameraBalancer.PlanMoves([A, B], On(A, "1", "2", "3", "4", "5"), maxMoves: 10);
        Assert.Equal(2, moves.Count);
        Assert.All(moves, move => Assert.Equal(B, move.Target));
        Assert.Equal(2, moves.Select(m => m.CameraId).Distinct().Count());
    }

    [Fact]
    public void Moves_are_capped_per_sweep()
    {
        var moves = CameraBalancer.PlanMoves([A, B, C], On(A, "1", "2", "3", "4", "5", "6"), maxMoves: 2);
        Assert.Equal(2, moves.Count);
        Assert.Equal([B, C], moves.Select(m => m.Target).Order().ToArray());
    }

    [Fact]
    public void A_balanced_cluster_stays_as_it_is()
    {
        Assert.Empty(CameraBalancer.PlanMoves([A, B], [.. On(A, "1", "2"), .. On(B, "3")], maxMoves: 5));
        Assert.Empty(CameraBalancer.PlanMoves([A], On(A, "1", "2", "3"), maxMoves: 5));
    }

    [Fact]
    public void Cameras_on_silos_that_are_not_active_are_left_to_failover()
    {
        var moves = CameraBalancer.PlanMoves([A, B], [.. On(C, "1", "2", "3", "4"), .. On(A, "5")], maxMoves: 5);
        Assert.Empty(moves);
    }
}
