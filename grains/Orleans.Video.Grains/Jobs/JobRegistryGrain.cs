namespace Orleans.Video.Grains.Jobs;

/// <summary>The cluster's list of jobs, and of those with work for the silos' chunk workers.</summary>
[GrainType("jobregistry")]
public sealed class JobRegistryGrain(
    [PersistentState("jobs", GrainStorageNames.Video)] IPersistentState<JobRegistryRecord> state) : Grain, IJobRegistryGrain
{
    public async Task SetAsync(string jobId, bool active)
    {
        var changed = state.State.Jobs.Add(jobId);
        changed |= active ? state.State.Active.Add(jobId) : state.State.Active.Remove(jobId);
        if (changed)
        {
            await state.WriteStateAsync();
        }
    }

    public async Task RemoveAsync(string jobId)
    {
        if (state.State.Jobs.Remove(jobId) | state.State.Active.Remove(jobId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> ListAsync(string? before, int limit) =>
        Task.FromResult<IReadOnlyList<string>>(
            [.. (before is null ? state.State.Jobs : state.State.Jobs.GetViewBetween("", before)).Reverse()
                .Where(id => !string.Equals(id, before, StringComparison.Ordinal)).Take(limit)]);

    public Task<IReadOnlyList<string>> ActiveAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Active]);
}
