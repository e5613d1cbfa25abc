namespace Orleans.Video;

/// <summary>
/// One camera's events (key = camera id): persisted with their snapshots, published live on
/// <see cref="StreamNames.Events"/>, and trimmed by the retention policy (age and count per camera).
/// </summary>
[Alias("video.IEventLogGrain")]
public interface IEventLogGrain : IGrainWithStringKey
{
    /// <summary>Stores new and changed events, in order; an update for an event already ended is ignored.</summary>
    [Alias("Record")]
    Task RecordAsync(IReadOnlyList<EventUpdate> updates);

    /// <summary>Ends every event still open (its camera's decoder stopped or moved) at its last sighting.</summary>
    [Alias("CloseOpen")]
    Task CloseOpenAsync();

    /// <summary>Matching events, newest first.</summary>
    /// <exception cref="ArgumentException">The query is invalid (<see cref="EventQuery.Error"/>).</exception>
    [Alias("Query")]
    Task<EventPage> QueryAsync(EventQuery query);

    /// <summary>The annotated JPEG of an event's best frame; null when there is no such event or it has none.</summary>
    [Alias("GetSnapshot")]
    Task<byte[]?> GetSnapshotAsync(string eventId);

    /// <summary>One stored event; null when there is no such event.</summary>
    [Alias("GetEvent")]
    Task<VideoEvent?> GetEventAsync(string eventId);
}

/// <summary>The snapshot of one event; key = "{cameraId}/{eventId}". Kept apart so the event list stays small.</summary>
[Alias("video.IEventSnapshotGrain")]
public interface IEventSnapshotGrain : IGrainWithStringKey
{
    [Alias("Set")]
    Task SetAsync(byte[] jpeg);

    [Alias("Get")]
    Task<byte[]?> GetAsync();

    [Alias("Clear")]
    Task ClearAsync();
}
