using System.Net;
using Orleans.Runtime;
using Orleans.Video.Grains.Cluster;

namespace Orleans.Video.Grains.Tests;

public sealed class CameraBalancerTests
{
    private static readonly SiloAddress A = Silo(11111), B = Silo(11112), C = Silo(11113);
    private static readonly SiloShare[] TwoEqual = [new(A, 2), new(B, 2)];
    private static readonly SiloShare[] ThreeEqual = [new(A, 2), new(B, 2), new(C, 2)];

    /// <summary>A 1280x720 camera at 25 fps, in source pixels a second.</summary>
    private const long Hd = 1280L * 720 * 25;

    private static SiloAddress Silo(int port) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 1);

    private static CameraLoad[] On(SiloAddress silo, params string[] ids) => [.. ids.Select(id => new CameraLoad(id, silo, Hd))];

    [Fact]
    public void A_joining_silo_gets_cameras_until_the_counts_differ_by_at_most_one()
    {
        var moves = CameraBalancer.PlanMoves(TwoEqual, On(A, "1", "2", "3", "4", "5"), maxMoves: 10);
        Assert.Equal(2, moves.Count);
        Assert.All(moves, move => Assert.Equal(B, move.Target));
        Assert.Equal(2, moves.Select(m => m.CameraId).Distinct().Count());
    }

    [Fact]
    public void Moves_are_capped_per_sweep()
    {
        var moves = CameraBalancer.PlanMoves(ThreeEqual, On(A, "1", "2", "3", "4", "5", "6"), maxMoves: 2);
        Assert.Equal(2, moves.Count);
        Assert.Equal([B, C], moves.Select(m => m.Target).Order().ToArray());
    }

    [Fact]
    public void A_balanced_cluster_stays_as_it_is()
    {
        Assert.Empty(CameraBalancer.PlanMoves(TwoEqual, [.. On(A, "1", "2"), .. On(B, "3")], maxMoves: 5));
        Assert.Empty(CameraBalancer.PlanMoves([new(A, 2)], On(A, "1", "2", "3"), maxMoves: 5));
    }

    [Fact]
    public void Cameras_on_silos_that_are_not_active_are_left_to_failover()
    {
        var moves = CameraBalancer.PlanMoves(TwoEqual, [.. On(C, "1", "2", "3", "4"), .. On(A, "5")], maxMoves: 5);
        Assert.Empty(moves);
    }

    [Fact]
    public void One_4k_camera_weighs_as_much_as_four_hd_ones()
    {
        // A: one 3840x2160 camera (4 x HD); B: four HD cameras. Equal cost: nothing to move, though the counts are 1 and 4.
        CameraLoad[] cameras = [new("4k", A, 4 * Hd), .. On(B, "1", "2", "3", "4")];
        Assert.Empty(CameraBalancer.PlanMoves(TwoEqual, cameras, maxMoves: 5));
        // The 4K camera and two HD ones on A, nothing on B: moving the 4K camera (4 against 2) beats moving the two
        // HD cameras (4 against 2 too, in two moves), and then no move helps.
        var moves = CameraBalancer.PlanMoves(TwoEqual, [new("4k", A, 4 * Hd), .. On(A, "1", "2")], maxMoves: 5);
        Assert.Equal([("4k", B)], moves);
    }

    [Fact]
    public void A_silo_with_twice_the_cores_takes_twice_the_cameras()
    {
        SiloShare[] silos = [new(A, 8), new(B, 4)];
        var moves = CameraBalancer.PlanMoves(silos, On(B, "1", "2", "3", "4", "5", "6"), maxMoves: 10);
        Assert.Equal(4, moves.Count);
        Assert.All(moves, m => Assert.Equal(A, m.Target));
    }

    [Fact]
    public void Placing_cameras_one_by_one_from_nothing_keeps_every_silo_within_one_camera_of_its_share()
    {
        var loads = new Dictionary<SiloAddress, long>();
        var random = new Random(3);
        for (var i = 0; i < 100; i++)
        {
            var silo = CameraBalancer.Place(ThreeEqual, loads, Hd, random);
            loads[silo] = loads.GetValueOrDefault(silo) + Hd;
        }
        Assert.All(ThreeEqual, s => Assert.InRange(loads[s.Silo] / Hd, 33, 34));
    }

    [Fact]
    public void A_new_camera_goes_where_the_load_per_core_is_lowest()
    {
        SiloShare[] silos = [new(A, 8), new(B, 2)];
        var loads = new Dictionary<SiloAddress, long> { [A] = 6 * Hd, [B] = 1 * Hd };
        // A would have 7/8 of an HD camera per core, B 2/2: A is the lighter.
        Assert.Equal(A, CameraBalancer.Place(silos, loads, Hd, new Random(1)));
    }

    // Cameras:DecodeOnGpuSilos: A is a GPU silo that decodes cameras, with room for three HD cameras; B and C decode on their CPUs.
    private static readonly SiloShare GpuForThree = new(A, 2, DecodesFirst: true, Capacity: 3 * Hd);

    [Fact]
    public void Cameras_fill_the_gpu_silo_up_to_its_capacity_before_any_goes_to_a_cpu_silo()
    {
        SiloShare[] silos = [GpuForThree, new(B, 8), new(C, 8)];
        var loads = new Dictionary<SiloAddress, long>();
        var placed = new List<SiloAddress>();
        for (var i = 0; i < 7; i++)
        {
            var silo = CameraBalancer.Place(silos, loads, Hd, new Random(i));
            loads[silo] = loads.GetValueOrDefault(silo) + Hd;
            placed.Add(silo);
        }
        Assert.Equal([A, A, A], placed.Take(3));
        Assert.DoesNotContain(A, placed.Skip(3));
        Assert.Equal(2, placed.Count(s => s == B));
        Assert.Equal(2, placed.Count(s => s == C));
    }

    [Fact]
    public void When_every_silo_is_full_a_camera_goes_to_the_one_least_over_its_capacity()
    {
        SiloShare[] silos = [GpuForThree, new(B, 2, Capacity: Hd)];
        var loads = new Dictionary<SiloAddress, long> { [A] = 3 * Hd, [B] = Hd };
        // A would be at 4/3 of its capacity, B at twice its own.
        Assert.Equal(A, CameraBalancer.Place(silos, loads, Hd, new Random(1)));
        Assert.Equal(B, CameraBalancer.Place(silos, new Dictionary<SiloAddress, long> { [A] = 3 * Hd }, Hd, new Random(1)));
    }

    [Fact]
    public void Cameras_move_from_cpu_silos_to_a_gpu_silo_with_room_and_never_back_for_balance()
    {
        SiloShare[] silos = [GpuForThree, new(B, 2)];
        // The GPU silo joined (or came back) while B ran five cameras: three move to it, however light B then is.
        var moves = CameraBalancer.PlanMoves(silos, On(B, "1", "2", "3", "4", "5"), maxMoves: 10);
        Assert.Equal(3, moves.Count);
        Assert.All(moves, m => Assert.Equal(A, m.Target));
        // Three on the GPU silo, none on B: full, and nothing goes back to B to even the load per core.
        Assert.Empty(CameraBalancer.PlanMoves(silos, On(A, "1", "2", "3"), maxMoves: 10));
    }

    [Fact]
    public void A_gpu_silo_over_its_capacity_hands_its_largest_camera_to_a_cpu_silo()
    {
        SiloShare[] silos = [GpuForThree, new(B, 2), new(C, 4)];
        // The 4K camera's cost became known after it was placed: A holds 6 HD cameras' worth against room for 3.
        CameraLoad[] cameras = [new("4k", A, 4 * Hd), .. On(A, "1", "2")];
        var moves = CameraBalancer.PlanMoves(silos, cameras, maxMoves: 10);
        Assert.Equal(("4k", C), moves[0]);
        // Then A has room for one more HD camera than it holds, and nothing else is on a CPU silo to bring back.
        Assert.Single(moves);
    }

    [Fact]
    public void Gpu_silos_even_out_among_themselves_and_cpu_silos_among_themselves()
    {
        SiloShare[] silos = [new(A, 2, DecodesFirst: true), new(B, 2, DecodesFirst: true, Capacity: 4 * Hd), new(C, 2)];
        var moves = CameraBalancer.PlanMoves(silos, On(A, "1", "2", "3", "4"), maxMoves: 10);
        Assert.Equal(2, moves.Count);
        Assert.All(moves, m => Assert.Equal(B, m.Target));
    }

    [Fact]
    public void Without_gpu_silos_that_decode_a_capacity_still_caps_a_silo()
    {
        SiloShare[] silos = [new(A, 2, Capacity: Hd), new(B, 2)];
        var moves = CameraBalancer.PlanMoves(silos, On(B, "1", "2", "3", "4"), maxMoves: 10);
        Assert.Equal([("1", A)], moves);
    }
}
