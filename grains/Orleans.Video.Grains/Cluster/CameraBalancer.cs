using Orleans.Runtime;

namespace Orleans.Video.Grains.Cluster;

/// <summary>A silo as the balancer sees it: its share of the cluster's decoding follows its cores.</summary>
public readonly record struct SiloShare(SiloAddress Silo, int Cores);

/// <summary>A running camera, where it runs and what decoding it costs (source pixels a second).</summary>
public readonly record struct CameraLoad(string CameraId, SiloAddress Silo, long Cost);

/// <summary>
/// Where cameras go: by decode cost per core, so a 4K camera counts for nine 720p ones and a silo with twice the
/// cores takes twice the pixels. With equal cameras and equal silos this is an even count.
/// </summary>
public static class CameraBalancer
{
    /// <summary>The silo whose load per core would be lowest with a camera of <paramref name="cost"/> added; ties at random.</summary>
    public static SiloAddress Place(IReadOnlyList<SiloShare> silos, IReadOnlyDictionary<SiloAddress, long> loads, long cost, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfZero(silos.Count);
        var scored = silos.Select(s => (s.Silo, After: (loads.GetValueOrDefault(s.Silo) + cost) / (double)Math.Max(1, s.Cores))).ToList();
        var best = scored.Min(s => s.After);
        var tied = scored.Where(s => s.After <= best * (1 + 1e-9)).ToList();
        return tied[random.Next(tied.Count)].Silo;
    }

    /// <summary>
    /// Moves one camera at a time from the silo with the highest load per core to the one with the lowest, while a
    /// move lowers the higher of the two, at most <paramref name="maxMoves"/> times. Cameras on silos that are not
    /// active are left alone: the failover path restarts those.
    /// </summary>
    public static IReadOnlyList<(string CameraId, SiloAddress Target)> PlanMoves(
        IReadOnlyList<SiloShare> activeSilos, IReadOnlyCollection<CameraLoad> cameras, int maxMoves)
    {
        if (activeSilos.Count < 2)
        {
            return [];
        }
        var cores = activeSilos.ToDictionary(s => s.Silo, s => (double)Math.Max(1, s.Cores));
        var bySilo = activeSilos.ToDictionary(s => s.Silo, _ => new List<CameraLoad>());
        foreach (var camera in cameras.OrderBy(c => c.CameraId, StringComparer.Ordinal))
        {
            if (bySilo.TryGetValue(camera.Silo, out var list))
            {
                list.Add(camera);
            }
        }
        var loads = bySilo.ToDictionary(entry => entry.Key, entry => entry.Value.Sum(c => c.Cost));
        double PerCore(SiloAddress silo, long extra = 0) => (loads[silo] + extra) / cores[silo];

        var moves = new List<(string, SiloAddress)>();
        while (moves.Count < maxMoves)
        {
            var busiest = bySilo.Keys.MaxBy(silo => PerCore(silo))!;
            var idlest = bySilo.Keys.MinBy(silo => PerCore(silo))!;
            var before = PerCore(busiest);
            var candidates = bySilo[busiest]
                .Select(camera => (Camera: camera, After: Math.Max(PerCore(busiest, -camera.Cost), PerCore(idlest, camera.Cost))))
                .Where(option => option.After < before * (1 - 1e-9))
                .ToList();
            if (busiest == idlest || candidates.Count == 0)
            {
                break;
            }
            var move = candidates.MinBy(option => option.After).Camera;
            bySilo[busiest].Remove(move);
            bySilo[idlest].Add(move);
            loads[busiest] -= move.Cost;
            loads[idlest] += move.Cost;
            moves.Add((move.CameraId, idlest));
        }
        return moves;
    }
}
