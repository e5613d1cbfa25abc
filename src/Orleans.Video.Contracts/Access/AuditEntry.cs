namespace Orleans.Video;

/// <summary>One change to cameras, jobs or keys: who, what, to which, when.</summary>
[GenerateSerializer, Immutable]
[Alias("video.AuditEntry")]
public sealed record AuditEntry
{
    [Id(0)] public long Id { get; init; }
    [Id(1)] public required DateTimeOffset At { get; init; }

    /// <summary>"key:{name}" for the HTTP API (the configured key is "key:Api:Key"), "cli:{user}@{host}" for the CLI, "sdk" otherwise.</summary>
    [Id(2)] public required string Actor { get; init; }

    /// <summary>camera.configure, camera.remove, job.submit, job.cancel, job.remove, key.create, key.revoke.</summary>
    [Id(3)] public required string Action { get; init; }

    /// <summary>The camera id, job id or key name.</summary>
    [Id(4)] public required string Target { get; init; }

    /// <summary>What changed, in a few words (the source and model of a camera, a key's role).</summary>
    [Id(5)] public string? Detail { get; init; }
}

/// <summary>Audit entries newest first, filtered; <see cref="Before"/> is the cursor (an entry id).</summary>
[GenerateSerializer, Immutable]
[Alias("video.AuditQuery")]
public sealed record AuditQuery(
    [property: Id(0)] DateTimeOffset? From = null,
    [property: Id(1)] DateTimeOffset? To = null,
    [property: Id(2)] string? Actor = null,
    [property: Id(3)] string? Action = null,
    [property: Id(4)] string? Target = null,
    [property: Id(5)] int Limit = 100,
    [property: Id(6)] long? Before = null)
{
    public const int MaxLimit = 1000;
}

[GenerateSerializer, Immutable]
[Alias("video.AuditPage")]
public sealed record AuditPage(
    [property: Id(0)] IReadOnlyList<AuditEntry> Items,
    [property: Id(1)] long? Next);
