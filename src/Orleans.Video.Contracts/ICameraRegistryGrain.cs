namespace Orleans.Video;

/// <summary>The durable list of cameras; use the key <see cref="Key"/>.</summary>
public interface ICameraRegistryGrain : IGrainWithStringKey
{
    public const string Key = "cameras";

    /// <summary>Registers (or reconfigures) a camera and starts it.</summary>
    /// <exception cref="ArgumentException">The id or the configuration is invalid.</exception>
    Task AddAsync(string cameraId, CameraConfig config);

    /// <summary>Stops and forgets a camera; returns false when it was not registered.</summary>
    Task<bool> RemoveAsync(string cameraId);

    Task<IReadOnlyList<string>> ListAsync();

    /// <summary>Starts every registered camera that is not running (called at silo start).</summary>
    Task EnsureStartedAsync();
}
