namespace Orleans.Video.Client;

/// <summary>API keys and the audit log. Changes made through this client are logged under <see cref="AuditActor"/>.</summary>
public sealed partial class VideoClient
{
    private IApiKeyRegistryGrain ApiKeys => client.GetGrain<IApiKeyRegistryGrain>(IApiKeyRegistryGrain.Key);

    /// <summary>Creates an API key with a role; the answer's <see cref="CreatedApiKey.Key"/> is shown nowhere else.</summary>
    /// <exception cref="ArgumentException">The name or role is invalid.</exception>
    /// <exception cref="InvalidOperationException">A key of that name exists.</exception>
    public Task<CreatedApiKey> CreateApiKeyAsync(string name, ApiRole role) => ApiKeys.CreateAsync(name, role);

    /// <summary>The keys the cluster made, by name (not the configured <c>Api:Key</c>, which only configuration knows).</summary>
    public Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync() => ApiKeys.ListAsync();

    /// <summary>Revokes a key at once, on every silo; false when there is none of that name.</summary>
    public Task<bool> RevokeApiKeyAsync(string name) => ApiKeys.RevokeAsync(name);

    /// <summary>Changes to cameras, jobs and keys, newest first.</summary>
    /// <exception cref="ArgumentException">The limit is out of range.</exception>
    public Task<AuditPage> QueryAuditAsync(AuditQuery query) => client.GetGrain<IAuditLogGrain>(0).QueryAsync(query);
}
