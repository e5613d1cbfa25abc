using Orleans.Runtime;

namespace Orleans.Video.Grains.Cluster;

/// <summary>A silo as the balancer sees it: its share of the cluster's decoding follows its cores.</summary>
/// <param name="DecodesFirst">
/// Cameras go here before any other silo while it has room: a GPU silo that decodes beside its inference
/// (<c>Cameras:DecodeOnGpuSilos</c>), so their raw frames never cross the network.
/// </param>
/// <param name="Capacity">Source pixels a second its decoders take at most (<c>Silo:DecodeCapacity</c>); 0: no limit.</param>
public readonly record struct SiloShare(SiloAddress Silo, int Cores, bool DecodesFirst = false, long Capacity = 0)
{
    public bool HasRoom(long load, long cost) => Capacity == 0 || load + cost <= Capacity;
}

/// <summary>A running camera, where it runs and what decoding it costs (source pixels a second).</summary>
public readonly record struct CameraLoad(string CameraId, SiloAddress Silo, long Cost);

/// <summary>
/// Where cameras go: by decode cost per core, so a 4K camera counts for nine 720p ones and a silo with twice the
/// cores takes twice the pixels. With equal cameras and equal silos this is an even count. Silos that decode first
/// (GPU silos with <c>Cameras:DecodeOnGpuSilos</c>) fill up to their capacity before the others take any camera;
/// within each of the two groups the load per core evens out.
/// </summary>
public static class CameraBalancer
{
    /// <summary>
    /// The silo for a camera of <paramref name="cost"/>: among the silos that decode first and have room, else among
    /// the other silos with room, the one whose load per core would be lowest; when every silo is at its capacity,
    /// the one least over it. Ties at random.
    /// </summary>
    public static SiloAddress Place(IReadOnlyList<SiloShare> silos, IReadOnlyDictionary<SiloAddress, long> loads, long cost, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfZero(silos.Count);
        double After(SiloShare s) => loads.GetValueOrDefault(s.Silo) + cost;
        var withRoom = silos.Where(s => s.HasRoom(loads.GetValueOrDefault(s.Silo), cost)).ToList();
        if (withRoom.Count == 0)
        {
            // Only silos with a capacity can be full.
            return Lowest(silos, s => After(s) / s.Capacity, random);
        }
        var first = withRoom.Where(s => s.DecodesFirst).ToList();
        return Lowest(first.Count > 0 ? first : withRoom, s => After(s) / Math.Max(1, s.Cores), random);
    }

    private static SiloAddress Lowest(IReadOnlyList<SiloShare> silos, Func<SiloShare, double> score, Random random)
    {
        var scored = silos.Select(s => (s.Silo, Score: score(s))).ToList();
        var best = scored.Min(s => s.Score);
        var tied = scored.Where(s => s.Score <= best * (1 + 1e-9)).ToList();
        return tied[random.Next(tied.Count)].Silo;
    }

    /// <summary>
    /// At most <paramref name="maxMoves"/> moves, one camera at a time: first out of silos over their capacity, then
    /// into silos that decode first and have room, then from the silo with the highest load per core to the one with
    /// the lowest in the same group, while a move lowers the higher of the two. Cameras on silos that are not active
    /// are left alone: the failover path restarts those.
    /// </summary>
    public static IReadOnlyList<(string CameraId, SiloAddress Target)> PlanMoves(
        IReadOnlyList<SiloShare> activeSilos, IReadOnlyCollection<CameraLoad> cameras, int maxMoves)
    {
        if (activeSilos.Count < 2)
        {
            return [];
        }
        var plan = new Plan(activeSilos, cameras);
        var moves = new List<(string, SiloAddress)>();
        while (moves.Count < maxMoves && (plan.OutOfOverfullSilo() ?? plan.IntoSiloThatDecodesFirst() ?? plan.Evening()) is { } move)
        {
            plan.Apply(move);
            moves.Add((move.Camera.CameraId, move.Target));
        }
        return moves;
    }

    private readonly record struct Move(CameraLoad Camera, SiloAddress Target);

    /// <summary>The cameras of each active silo as the planned moves leave them.</summary>
    private sealed class Plan
    {
        private readonly Dictionary<SiloAddress, SiloShare> _silos;
        private readonly Dictionary<SiloAddress, List<CameraLoad>> _cameras;
        private readonly Dictionary<SiloAddress, long> _loads;

        public Plan(IReadOnlyList<SiloShare> silos, IReadOnlyCollection<CameraLoad> cameras)
        {
            _silos = silos.ToDictionary(s => s.Silo);
            _cameras = silos.ToDictionary(s => s.Silo, _ => new List<CameraLoad>());
            foreach (var camera in cameras.OrderBy(c => c.CameraId, StringComparer.Ordinal))
            {
                if (_cameras.TryGetValue(camera.Silo, out var list))
                {
                    list.Add(camera);
                }
            }
            _loads = _cameras.ToDictionary(entry => entry.Key, entry => entry.Value.Sum(c => c.Cost));
        }

        /// <summary>The largest camera of a silo over its capacity that another silo has room for (one that decodes first if it can).</summary>
        public Move? OutOfOverfullSilo()
        {
            foreach (var silo in _silos.Values.Where(s => !s.HasRoom(_loads[s.Silo], 0)))
            {
                foreach (var camera in _cameras[silo.Silo].OrderByDescending(c => c.Cost))
                {
                    if (LeastLoaded(camera, s => s.Silo != silo.Silo) is { } target)
                    {
                        return new Move(camera, target);
                    }
                }
            }
            return null;
        }

        /// <summary>A camera on a silo that does not decode first, to one that does and has room for it.</summary>
        public Move? IntoSiloThatDecodesFirst()
        {
            foreach (var silo in _silos.Values.Where(s => !s.DecodesFirst))
            {
                foreach (var camera in _cameras[silo.Silo])
                {
                    if (LeastLoaded(camera, s => s.DecodesFirst) is { } target)
                    {
                        return new Move(camera, target);
                    }
                }
            }
            return null;
        }

        /// <summary>
        /// Within each group, the move from the busiest silo per core to another with room that lowers the busier of
        /// the two most.
        /// </summary>
        public Move? Evening()
        {
            foreach (var group in _silos.Values.GroupBy(s => s.DecodesFirst))
            {
                var busiest = group.MaxBy(s => PerCore(s.Silo))!.Silo;
                var before = PerCore(busiest);
                var best = _cameras[busiest]
                    .SelectMany(camera => group
                        .Where(target => target.Silo != busiest && target.HasRoom(_loads[target.Silo], camera.Cost))
                        .Select(target => (Move: new Move(camera, target.Silo), Target: PerCore(target.Silo, camera.Cost))))
                    .Select(option => (option.Move, option.Target, After: Math.Max(PerCore(busiest, -option.Move.Camera.Cost), option.Target)))
                    .Where(option => option.After < before * (1 - 1e-9))
                    .OrderBy(option => option.After)
                    .ThenBy(option => option.Target)
                    .Select(option => (Move?)option.Move)
                    .FirstOrDefault();
                if (best is not null)
                {
                    return best;
                }
            }
            return null;
        }

        public void Apply(Move move)
        {
            _cameras[move.Camera.Silo].Remove(move.Camera);
            _cameras[move.Target].Add(move.Camera with { Silo = move.Target });
            _loads[move.Camera.Silo] -= move.Camera.Cost;
            _loads[move.Target] += move.Camera.Cost;
        }

        private double PerCore(SiloAddress silo, long extra = 0) => (_loads[silo] + extra) / (double)Math.Max(1, _silos[silo].Cores);

        /// <summary>Of the silos <paramref name="allowed"/> with room for the camera, the one lowest per core after it: decoding-first ones before the rest.</summary>
        private SiloAddress? LeastLoaded(CameraLoad camera, Func<SiloShare, bool> allowed) =>
            _silos.Values
                .Where(s => s.Silo != camera.Silo && allowed(s) && s.HasRoom(_loads[s.Silo], camera.Cost))
                .OrderByDescending(s => s.DecodesFirst)
                .ThenBy(s => PerCore(s.Silo, camera.Cost))
                .Select(s => (SiloAddress?)s.Silo)
                .FirstOrDefault();
    }
}
