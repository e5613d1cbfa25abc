namespace Orleans.Video.Storage.Tests.TestGrains;

[GrainType("counter")]
public sealed class CounterGrain(
    [PersistentState(CounterGrain.StateName, GrainStorageNames.Video)] IPersistentState<CounterState> state)
    : Grain, ICounterGrain
{
    public const string StateName = "counter";

    public async Task<int> AddAsync(int delta)
    {
        state.State = state.State with { Value = state.State.Value + delta };
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<CounterSnapshot> GetAsync() =>
        Task.FromResult(new CounterSnapshot(state.State.Value, state.Etag, state.RecordExists, GrainContext.ActivationId.ToString()));

    public Task ClearAsync() => state.ClearStateAsync();

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
