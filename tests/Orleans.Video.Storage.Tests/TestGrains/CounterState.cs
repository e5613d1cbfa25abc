namespace Orleans.Video.Storage.Tests.TestGrains;

[GenerateSerializer]
[Alias("test.CounterState")]
public sealed record CounterState
{
    [Id(0)]
    public int Value { get; init; }

    [Id(1)]
    public string? Label { get; init; }
}
