using Orleans.Runtime;

namespace Orleans.Video.Grains.Cluster;

/// <summary>Plans camera moves that even out the number of running cameras per active silo.</summary>
public static class CameraBalancer
{
    /// <summary>
    /// Moves one camera at a time from the silo with the most cameras to the one with the fewest while they
    /// differ by more than one, at most <paramref name="maxMoves"/> times. Cameras on silos that are not
    /// active are left alone: the failover path restarts those.
    /// </summary>
    public static IReadOnlyList<(string CameraId, SiloAddress Target)> PlanMoves(
        IReadOnlyCollection<SiloAddress> activeSilos, IReadOnlyCollection<(string CameraId, SiloAddress Silo)> cameras, int maxMoves)
    {
        if (activeSilos.Count < 2)
        {
            return [];
        }
        var bySilo = activeSilos.ToDictionary(silo => silo, _ => new List<string>());
        foreach (var (cameraId, silo) in cameras.OrderBy(c => c.CameraId, StringComparer.Ordinal))
        {
            if (bySilo.TryGetValue(silo, out var list))
            {
                list.Add(cameraId);
            }
        }

        var moves = new List<(string, SiloAddress)>();
        while (moves.Count < maxMoves)
        {
            var busiest = bySilo.MaxBy(entry => entry.Value.Count);
            var idlest = bySilo.MinBy(entry => entry.Value.Count);
            if (busiest.Value.Count - idlest.Value.Count <= 1)
            {
                break;
            }
            var camera = busiest.Value[^1];
            busiest.Value.RemoveAt(busiest.Value.Count - 1);
            idlest.Value.Add(camera);
            moves.Add((camera, idlest.Key));
        }
        return moves;
    }
}
