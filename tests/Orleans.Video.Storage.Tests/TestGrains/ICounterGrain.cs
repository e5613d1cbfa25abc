namespace Orleans.Video.Storage.Tests.TestGrains;

/// <summary>A counter persisted in the "video" grain storage.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds to the counter, writes the state and returns the new value.</summary>
    Task<int> AddAsync(int delta);

    Task<CounterSnapshot> GetAsync();

    Task ClearAsync();

    /// <summary>Asks to be deactivated once idle, so the next call reads the state from storage.</summary>
    Task DeactivateAsync();
}
