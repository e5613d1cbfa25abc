namespace Orleans.Video.Grains.Cameras;

[GenerateSerializer]
public sealed class CameraRegistryRecord
{
    [Id(0)] public SortedSet<string> Cameras { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>The durable list of cameras. Adding validates, configures and starts the camera grain.</summary>
public sealed class CameraRegistryGrain(
    [PersistentState("registry", StreamNames.Storage)] IPersistentState<CameraRegistryRecord> state) : Grain, ICameraRegistryGrain
{
    public async Task AddAsync(string cameraId, CameraConfig config)
    {
        if (CameraId.Validate(cameraId) is { } idError)
        {
            throw new ArgumentException(idError, nameof(cameraId));
        }
        CameraConfigValidator.ThrowIfInvalid(config);
        var camera = GrainFactory.GetGrain<ICameraGrain>(cameraId);
        await camera.ConfigureAsync(config);
        if (state.State.Cameras.Add(cameraId))
        {
            await state.WriteStateAsync();
        }
        await camera.StartAsync();
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
        return true;
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Cameras]);

    /// <summary>Activating a camera grain restarts its decoder when it should be running.</summary>
    public Task EnsureStartedAsync() =>
        Task.WhenAll(state.State.Cameras.Select(id => GrainFactory.GetGrain<ICameraGrain>(id).GetStatusAsync()));
}
