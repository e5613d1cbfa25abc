namespace Orleans.Video.Grains.Access;

/// <summary>The API key registry's grain state: each key's listing and the hash it is found by.</summary>
[GenerateSerializer]
[Alias("video.ApiKeyRegistryRecord")]
public sealed class ApiKeyRegistryRecord
{
    [Id(0)] public List<StoredApiKey> Keys { get; set; } = [];
}

[GenerateSerializer]
[Alias("video.StoredApiKey")]
public sealed record StoredApiKey(
    [property: Id(0)] ApiKeyInfo Info,
    [property: Id(1)] string Hash);
