namespace Orleans.Video.Storage.Tests.TestGrains;

/// <summary>A counter persisted in the "video" grain storage.</summary>
[Alias("test.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds to the counter, writes the state and returns the new value.</summary>
    [Alias("Add")]
    Task<int> AddAsync(int delta);

    [Alias("Get")]
    Task<CounterSnapshot> GetAsync();

    [Alias("Clear")]
    Task ClearAsync();

    /// <summary>Asks to be deactivated once idle, so the next call reads the state from storage.</summary>
    [Alias("Deactivate")]
    Task DeactivateAsync();
}
