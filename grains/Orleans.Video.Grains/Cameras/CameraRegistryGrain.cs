using Orleans.Placement;
using Orleans.Video.Grains.Access;
using Orleans.Video.Grains.Cluster;
using Orleans.Video.Grains.Placement;

namespace Orleans.Video.Grains.Cameras;

/// <summary>
/// The durable list of cameras. Adding checks the configuration's rules, asks the planner for a silo
/// (<see cref="ICameraPlannerGrain"/>), then configures and starts the camera there; removing stops it and tells the
/// planner. Where cameras run, and keeping them running, is the planner's job.
/// </summary>
// Beside whoever calls it first, which in practice is the planner (a silo's start asks it to run the cameras): the
// two talk on every add and every sweep.
[PreferLocalPlacement]
[GrainType("cameraregistry")]
public sealed class CameraRegistryGrain(
    [PersistentState("registry", GrainStorageNames.Video)] IPersistentState<CameraRegistryRecord> state,
    AuditTrail audit) : Grain, ICameraRegistryGrain
{
    private ICameraPlannerGrain Planner => GrainFactory.GetGrain<ICameraPlannerGrain>(ICameraRegistryGrain.Key);

    public async Task AddAsync(string cameraId, CameraConfig config)
    {
        if (CameraId.Validate(cameraId) is { } idError)
        {
            throw new ArgumentException(idError, nameof(cameraId));
        }
        // The rules alone, before a grain is woken for a request that cannot succeed; the camera's grain checks them
        // again with what needs the silo (the model and its labels, the source policy) before anything is stored.
        CameraConfigValidator.ThrowIfInvalid(config);
        var camera = GrainFactory.GetGrain<ICameraGrain>(cameraId);
        var planned = await Planner.PlanAsync(cameraId);
        try
        {
            // The hint places the camera's activation if this call makes it; one already active stays where it is.
            await PlacementHints.CallAt(planned, () => camera.ConfigureAsync(config));
        }
        catch (ArgumentException) when (!state.State.Cameras.Contains(cameraId))
        {
            // Refused: the planner counted it on a silo already.
            await Planner.ForgetAsync(cameraId);
            throw;
        }
        if (state.State.Cameras.Add(cameraId))
        {
            await state.WriteStateAsync();
        }
        await camera.StartAsync();
        await audit.RecordAsync("camera.configure", cameraId, $"source {SourceCredentials.Masked(config.Source)}, model {config.Model}, fps {config.Fps}");
    }

    public async Task<bool> RemoveAsync(string cameraId)
    {
        if (!state.State.Cameras.Contains(cameraId))
        {
            return false;
        }
        await GrainFactory.GetGrain<ICameraGrain>(cameraId).RemoveAsync();
        state.State.Cameras.Remove(cameraId);
        await state.WriteStateAsync();
        await Planner.ForgetAsync(cameraId);
        await audit.RecordAsync("camera.remove", cameraId);
        return true;
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Cameras]);

    public Task<IReadOnlyList<string>> ListAsync(string? after, int limit) => Task.FromResult<IReadOnlyList<string>>(
        [.. state.State.Cameras.Where(id => after is null || string.CompareOrdinal(id, after) > 0).Take(Math.Max(limit, 0))]);

    public Task<bool> ContainsAsync(string cameraId) => Task.FromResult(state.State.Cameras.Contains(cameraId));
}
