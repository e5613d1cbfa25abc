using Orleans.Concurrency;

namespace Orleans.Video;

/// <summary>
/// The durable list of cameras; use the key <see cref="Key"/>. Its reads interleave with everything, so they answer
/// at once even while the registry waits on a camera (one being added on a silo that is dying).
/// </summary>
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

    /// <summary>Every registered camera id, in ordinal order.</summary>
    [Alias("List")]
    [AlwaysInterleave]
    Task<IReadOnlyList<string>> ListAsync();

    /// <summary>Registered camera ids in ordinal order after <paramref name="after"/> (null: from the first), at most <paramref name="limit"/>.</summary>
    [Alias("ListPage")]
    [AlwaysInterleave]
    Task<IReadOnlyList<string>> ListAsync(string? after, int limit);

    /// <summary>Whether the camera is registered: one lookup in this grain.</summary>
    [Alias("Contains")]
    [AlwaysInterleave]
    Task<bool> ContainsAsync(string cameraId);
}
