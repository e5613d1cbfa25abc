using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Orleans.Video.Grains.Placement;

/// <summary>
/// Places camera activations without asking anyone: where the camera planner's hint says (it runs cameras with one,
/// <see cref="Cluster.CameraPlannerGrain"/>), else on the silo that woke it. A camera that something other than the
/// planner woke (a read, an acknowledgement, its keep-alive) is not running yet; when the planner runs it, it moves to
/// the planned silo first, so where it wakes costs one move at most.
/// </summary>
public sealed class CameraPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        var chosen = IPlacementDirector.GetPlacementHint(target.RequestContextData, compatible)
            ?? (compatible.Contains(context.LocalSilo) ? context.LocalSilo : compatible[Random.Shared.Next(compatible.Length)]);
        return Task.FromResult(chosen);
    }
}
