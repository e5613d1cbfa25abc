using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Orleans.Video.Grains.Placement;

/// <summary>
/// Calls that carry a placement hint: a camera grain they activate goes to that silo (<see cref="CameraPlacementDirector"/>).
/// The hint travels in the request context, which flows on into every call the callee makes, so a grain that
/// receives one drops it (<see cref="Drop"/>) before it calls anything whose placement is its own business.
/// </summary>
public static class PlacementHints
{
    public static Task<T> CallAt<T>(SiloAddress? silo, Func<Task<T>> call)
    {
        if (silo is null)
        {
            return call();
        }
        // The request context is copied into the message when the call is made, synchronously: set it just for that.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        try
        {
            return call();
        }
        finally
        {
            Drop();
        }
    }

    public static async Task CallAt(SiloAddress? silo, Func<Task> call) => await CallAt(silo, async () =>
    {
        await call();
        return true;
    });

    public static void Drop() => RequestContext.Remove(IPlacementDirector.PlacementHintKey);
}
