namespace Orleans.Video.Storage.Tests.TestGrains;

/// <summary>What a counter activation holds, including which activation answered.</summary>
[GenerateSerializer, Immutable]
[Alias("test.CounterSnapshot")]
public sealed record CounterSnapshot(
    [property: Id(0)] int Value,
    [property: Id(1)] string? ETag,
    [property: Id(2)] bool RecordExists,
    [property: Id(3)] string ActivationId);
