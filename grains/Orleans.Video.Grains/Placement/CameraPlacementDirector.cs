using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using Orleans.Video.Grains.Cluster;

namespace Orleans.Video.Grains.Placement;

/// <summary>
/// Places every camera activation, whatever made it (the registry's sweep, a keep-alive reminder, an API call, a
/// failover), where the camera registry's plan says (<see cref="ICameraPlacement"/>): a silo's statistics lag by
/// seconds, so cameras activated together by any other rule land together. A placement hint (a camera moving) wins;
/// with the registry unreachable, or its silo not compatible here within seconds, a random compatible silo does.
/// </summary>
public sealed partial class CameraPlacementDirector(IGrainFactory grains, ILogger<CameraPlacementDirector> logger) : IPlacementDirector
{
    /// <summary>Longer than the registry's longest cold-start wait, shorter than a grain call's timeout.</summary>
    private static readonly TimeSpan AskTimeout = CameraClusterOptions.MaxColdStartSettle + TimeSpan.FromSeconds(5);

    /// <summary>How long a planned silo may take to become compatible here (its manifest arrives a moment after it joins).</summary>
    private static readonly TimeSpan ManifestWait = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan ManifestPoll = TimeSpan.FromMilliseconds(100);

    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, compatible) is { } hint)
        {
            return hint;
        }
        var cameraId = target.GrainIdentity.Key.ToString()!;
        try
        {
            if (await grains.GetGrain<ICameraPlacement>(ICameraRegistryGrain.Key).PlaceAsync(cameraId).WaitAsync(AskTimeout) is { } planned)
            {
                // A silo that has just joined is active before this silo has its manifest (the grains it hosts), and
                // only then is it compatible: wait for that rather than put the camera where the plan does not count it.
                var waited = Stopwatch.StartNew();
                while (!compatible.Contains(planned) && waited.Elapsed < ManifestWait)
                {
                    await Task.Delay(ManifestPoll);
                    compatible = context.GetCompatibleSilos(target);
                }
                if (compatible.Contains(planned))
                {
                    return planned;
                }
            }
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            LogRegistryUnreachable(logger, cameraId, e.Message);
        }
        return compatible[Random.Shared.Next(compatible.Length)];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId} placed at random: the camera registry did not answer ({Error})")]
    private static partial void LogRegistryUnreachable(ILogger logger, string cameraId, string error);
}
