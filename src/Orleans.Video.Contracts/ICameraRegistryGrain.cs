namespace Orleans.Video;

/// <summary>The durable list of cameras; use the key <see cref="Key"/>.</summary>
[Alias("video.ICameraRegistryGrain")]
public interface ICameraRegistryGrain : IGrainWithStringKey
{
    public const string Key = "cameras";

    /// <summary>Registers (or reconfigures) a camera and starts it.</summary>
    /// <exception cref="ArgumentException">The id or the configuration is invalid.</exception>
    [Alias("Add")]
    Task AddAsync(string cameraId, CameraConfig config);

    /// <summary>Stops and forgets a camera; returns false when it was not registered.</summary>
    [Alias("Remove")]
    Task<bool> RemoveAsync(string cameraId);

    [Alias("List")]
    Task<IReadOnlyList<string>> ListAsync();

    /// <summary>Starts every registered camera that is not running (at silo start, after a silo died); returns before they have started.</summary>
    [Alias("EnsureStarted")]
    Task EnsureStartedAsync();
}
