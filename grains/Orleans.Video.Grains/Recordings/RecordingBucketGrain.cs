namespace Orleans.Video.Grains.Recordings;

/// <summary>One camera's recorded segments within one <see cref="RecordingBucket.Length"/>; adding is idempotent by start.</summary>
[GrainType("recordingbucket")]
public sealed class RecordingBucketGrain(
    [PersistentState("recordings", GrainStorageNames.Video)] IPersistentState<RecordingBucketRecord> state) : Grain, IRecordingBucketGrain
{
    private static readonly Comparer<RecordedSegment> ByStart = Comparer<RecordedSegment>.Create((a, b) => a.Start.CompareTo(b.Start));

    private List<RecordedSegment> Segments => state.State.Segments;

    public async Task<RecordingUsage> AddAsync(List<RecordedSegment> segments)
    {
        var added = false;
        foreach (var segment in segments)
        {
            var index = Segments.BinarySearch(segment, ByStart);
            if (index < 0)
            {
                Segments.Insert(~index, segment);
                added = true;
            }
        }
        if (added)
        {
            await state.WriteStateAsync();
        }
        return Usage();
    }

    public Task<RecordingUsage> GetUsageAsync() => Task.FromResult(Usage());

    public Task<List<RecordedSegment>> GetAsync() => Task.FromResult(Segments.ToList());

    public async Task<RecordingUsage> RemoveAsync(List<long> starts)
    {
        var remove = starts.ToHashSet();
        if (Segments.RemoveAll(s => remove.Contains(s.Key)) == 0)
        {
            return Usage();
        }
        if (Segments.Count == 0)
        {
            await ClearAsync();
        }
        else
        {
            await state.WriteStateAsync();
        }
        return Usage();
    }

    private RecordingUsage Usage() =>
        new(Segments.Sum(s => s.Bytes), Segments.Count > 0 ? Segments[0].Start : null, Segments.Where(s => !s.Event).Sum(s => s.Bytes));

    public async Task ClearAsync()
    {
        Segments.Clear();
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }
        DeactivateOnIdle();
    }
}
