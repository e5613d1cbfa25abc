using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace Orleans.Video.Silo.Security;

/// <summary>
/// Finds the key a request presents: the configured one (<c>Api:Key</c>, an admin key, compared in constant time), or
/// one the key registry holds (by its hash). Turns a key into the claims requests carry, and back.
/// </summary>
public sealed class ApiKeyVerifier(IOptions<ApiOptions> api, IGrainFactory grains)
{
    /// <summary>The configured key's name, in the audit log and in <c>GET /api/keys</c>.</summary>
    public const string ConfiguredName = "Api:Key";

    public const string IdClaim = "video:key-id";

    private IApiKeyRegistryGrain Registry => grains.GetGrain<IApiKeyRegistryGrain>(IApiKeyRegistryGrain.Key);

    /// <summary>The configured key as a listing. Its id changes with the key, so logins made with an old key end.</summary>
    public ApiKeyInfo Configured => new()
    {
        Name = ConfiguredName,
        Role = ApiRole.Admin,
        Created = DateTimeOffset.UnixEpoch,
        Id = "configured:" + ApiKeys.Hash(api.Value.Key)[..16],
        Configured = true,
    };

    public async Task<ApiKeyInfo?> VerifyAsync(string key)
    {
        if (ApiKeyAuthenticationHandler.Matches(key, api.Value.Key))
        {
            return Configured;
        }
        // Only a key of the registry's shape is looked up: anything else is wrong without a grain call.
        return key.StartsWith(ApiKeys.Prefix, StringComparison.Ordinal) && key.Length < 100 ? await Registry.FindAsync(ApiKeys.Hash(key)) : null;
    }

    /// <summary>Whether the key a login was made with still exists; null when revoked (or the configured key changed).</summary>
    public async Task<ApiKeyInfo?> StillValidAsync(ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(IdClaim);
        if (id is null)
        {
            return null;
        }
        return id == Configured.Id ? Configured : await Registry.FindByIdAsync(id);
    }

    public static ClaimsIdentity Identity(ApiKeyInfo key, string scheme) => new(
        [
            new Claim(ClaimTypes.Name, key.Name),
            new Claim(ClaimTypes.Role, RoleName(key.Role)),
            new Claim(IdClaim, key.Id),
        ],
        scheme);

    public static string RoleName(ApiRole role) => role.ToString().ToLowerInvariant();
}
