namespace Orleans.Video.Grains.Events;

/// <summary>The annotated JPEG of one event's best frame (tens of KiB), stored apart from the event list.</summary>
[GrainType("eventsnapshot")]
public sealed class EventSnapshotGrain(
    [PersistentState("event-snapshot", GrainStorageNames.Video)] IPersistentState<EventSnapshotRecord> state) : Grain, IEventSnapshotGrain
{
    public static string Key(string cameraId, string eventId) => $"{cameraId}/{eventId}";

    // Tens of KiB each and rarely read twice in a row: do not keep them in memory until idle collection.
    public async Task SetAsync(byte[] jpeg)
    {
        state.State.Jpeg = jpeg;
        await state.WriteStateAsync();
        DeactivateOnIdle();
    }

    public Task<byte[]?> GetAsync()
    {
        DeactivateOnIdle();
        return Task.FromResult(state.State.Jpeg);
    }

    public async Task ClearAsync()
    {
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }
        DeactivateOnIdle();
    }
}
