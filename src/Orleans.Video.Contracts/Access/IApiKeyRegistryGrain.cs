using Orleans.Concurrency;

namespace Orleans.Video;

/// <summary>
/// The cluster's API keys (a single grain, key <see cref="Key"/>), stored hashed in grain storage: every silo asks it,
/// so a key revoked on one silo fails on all of them at once. The configured key (<c>Api:Key</c>) is not here.
/// </summary>
[Alias("video.IApiKeyRegistryGrain")]
public interface IApiKeyRegistryGrain : IGrainWithStringKey
{
    public const string Key = "keys";

    /// <summary>Creates a key; the answer holds the key itself, which nothing keeps.</summary>
    /// <exception cref="ArgumentException">The name is invalid.</exception>
    /// <exception cref="InvalidOperationException">A key has that name already.</exception>
    [Alias("Create")]
    Task<CreatedApiKey> CreateAsync(string name, ApiRole role);

    [AlwaysInterleave]
    [Alias("List")]
    Task<IReadOnlyList<ApiKeyInfo>> ListAsync();

    /// <summary>Revokes a key; false when there is none of that name.</summary>
    [Alias("Revoke")]
    Task<bool> RevokeAsync(string name);

    /// <summary>The key whose hash (<see cref="ApiKeys.Hash"/>) this is; null when none.</summary>
    [AlwaysInterleave]
    [Alias("Find")]
    Task<ApiKeyInfo?> FindAsync(string hash);

    /// <summary>The key with this <see cref="ApiKeyInfo.Id"/>, if it still exists (a login's check on every request).</summary>
    [AlwaysInterleave]
    [Alias("FindById")]
    Task<ApiKeyInfo?> FindByIdAsync(string id);
}
