using Orleans.Runtime;

namespace Orleans.Video.Grains.Access;

/// <summary>
/// The cluster's API keys, in grain storage (the hash of each key, never the key). Lookups interleave with each other
/// and with changes, and read the dictionaries the last completed change left: a revoked key is gone for the next
/// lookup on any silo.
/// </summary>
[GrainType("apikeys")]
public sealed class ApiKeyRegistryGrain(
    [PersistentState("keys", GrainStorageNames.Video)] IPersistentState<ApiKeyRegistryRecord> state,
    AuditTrail audit,
    TimeProvider clock) : Grain, IApiKeyRegistryGrain
{
    private Dictionary<string, ApiKeyInfo> _byHash = [];
    private Dictionary<string, ApiKeyInfo> _byId = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Index();
        return Task.CompletedTask;
    }

    public async Task<CreatedApiKey> CreateAsync(string name, ApiRole role)
    {
        if (ApiKeys.ValidateName(name) is { } error)
        {
            throw new ArgumentException(error, nameof(name));
        }
        if (!Enum.IsDefined(role))
        {
            throw new ArgumentException($"role must be one of {string.Join(", ", Enum.GetNames<ApiRole>().Select(r => r.ToLowerInvariant()))}", nameof(role));
        }
        if (state.State.Keys.Any(key => string.Equals(key.Info.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"a key named '{name}' exists; revoke it first");
        }
        var secret = ApiKeys.New();
        var info = new ApiKeyInfo
        {
            Name = name,
            Role = role,
            Created = clock.GetUtcNow(),
            CreatedBy = AuditActor.Current,
            Id = Guid.NewGuid().ToString("N"),
        };
        var stored = new StoredApiKey(info, ApiKeys.Hash(secret));
        state.State.Keys.Add(stored);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Keys.Remove(stored);
            throw;
        }
        Index();
        await audit.RecordAsync("key.create", name, $"role {role.ToString().ToLowerInvariant()}");
        return new CreatedApiKey(info, secret);
    }

    public Task<IReadOnlyList<ApiKeyInfo>> ListAsync() =>
        Task.FromResult<IReadOnlyList<ApiKeyInfo>>([.. state.State.Keys.Select(key => key.Info).OrderBy(info => info.Name, StringComparer.OrdinalIgnoreCase)]);

    public async Task<bool> RevokeAsync(string name)
    {
        var removed = state.State.Keys.RemoveAll(key => string.Equals(key.Info.Name, name, StringComparison.OrdinalIgnoreCase));
        if (removed == 0)
        {
            return false;
        }
        // Forgotten before the write is awaited: no lookup finds the key from here on, even if the write fails
        // (then the next activation, which reads storage again, still has it, and revoking it again works).
        Index();
        await state.WriteStateAsync();
        await audit.RecordAsync("key.revoke", name);
        return true;
    }

    public Task<ApiKeyInfo?> FindAsync(string hash) => Task.FromResult(_byHash.GetValueOrDefault(hash));

    public Task<ApiKeyInfo?> FindByIdAsync(string id) => Task.FromResult(_byId.GetValueOrDefault(id));

    private void Index()
    {
        _byHash = state.State.Keys.ToDictionary(key => key.Hash, key => key.Info, StringComparer.Ordinal);
        _byId = state.State.Keys.ToDictionary(key => key.Info.Id, key => key.Info, StringComparer.Ordinal);
    }
}
