using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using Orleans.Video.Grains.Cluster;

namespace Orleans.Video.Grains.Placement;

/// <summary>
/// Chooses among the compatible silos those that advertise <c>gpu=true</c>, falling back to all of them when
/// none does (unless <see cref="CameraClusterOptions.RequireGpu"/>). Among the candidates the local silo wins:
/// a camera activates its inference grain from its own silo, so frames stay in-process when that silo qualifies.
/// </summary>
public sealed class GpuPlacementDirector(GpuSilos gpuSilos, IOptions<CameraClusterOptions> options) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        var gpu = compatible.Where(gpuSilos.IsGpuSilo).ToArray();
        if (gpu.Length == 0 && options.Value.RequireGpu)
        {
            throw new OrleansException("no active silo advertises gpu=true and Cameras:RequireGpu is set");
        }
        var candidates = gpu.Length > 0 ? gpu : compatible;
        var chosen = candidates.Contains(context.LocalSilo) ? context.LocalSilo : candidates[Random.Shared.Next(candidates.Length)];
        return Task.FromResult(chosen);
    }
}
