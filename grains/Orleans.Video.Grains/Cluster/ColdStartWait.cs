using System.Diagnostics;
using Orleans.Runtime;
using Orleans.Video.Grains.Placement;

namespace Orleans.Video.Grains.Cluster;

/// <summary>
/// A cold start's wait (<see cref="CameraClusterOptions.ColdStartSettle"/>): it is over once as many silos are active
/// as before the restart (none joining), or membership has been quiet (no change, no silo joining) for
/// <paramref name="quiet"/>, or <see cref="CameraClusterOptions.MaxColdStartSettle"/> has passed.
/// </summary>
public sealed class ColdStartWait(ClusterSilos silos, int expected, TimeSpan quiet)
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _quietSince = Stopwatch.GetTimestamp();
    private MembershipVersion _version = silos.Version;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    /// <summary>Checked every second.</summary>
    public bool IsOver()
    {
        if (silos.Version != _version || silos.AnyJoining)
        {
            _version = silos.Version;
            _quietSince = Stopwatch.GetTimestamp();
        }
        return (silos.Active().Count >= expected && !silos.AnyJoining)
            || Stopwatch.GetElapsedTime(_quietSince) >= quiet
            || Elapsed >= CameraClusterOptions.MaxColdStartSettle;
    }
}
