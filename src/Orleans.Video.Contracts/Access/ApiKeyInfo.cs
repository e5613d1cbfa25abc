namespace Orleans.Video;

/// <summary>An API key as it is listed: never the key itself, which is shown once, when it is created.</summary>
[GenerateSerializer, Immutable]
[Alias("video.ApiKeyInfo")]
public sealed record ApiKeyInfo
{
    /// <summary>Unique; what the audit log calls whoever used the key.</summary>
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required ApiRole Role { get; init; }
    [Id(2)] public required DateTimeOffset Created { get; init; }
    [Id(3)] public string? CreatedBy { get; init; }

    /// <summary>Changes when a key of the same name is created again: a login made with the old one ends.</summary>
    [Id(4)] public required string Id { get; init; }

    /// <summary>The key in configuration (<c>Api:Key</c>): an admin key that only configuration changes.</summary>
    [Id(5)] public bool Configured { get; init; }
}

/// <summary>A key just created: the only time its secret is seen.</summary>
[GenerateSerializer, Immutable]
[Alias("video.CreatedApiKey")]
public sealed record CreatedApiKey(
    [property: Id(0)] ApiKeyInfo Info,
    [property: Id(1)] string Key);
