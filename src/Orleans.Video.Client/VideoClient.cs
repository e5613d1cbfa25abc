using Orleans.Runtime;
using Orleans.Streams;

namespace Orleans.Video.Client;

/// <summary>
/// The typed way into an Orleans.Video cluster, over an <see cref="IClusterClient"/> (a client process) or a
/// silo's own <see cref="IClusterClient"/> (the silo's HTTP API uses it the same way).
/// </summary>
public sealed class VideoClient(IClusterClient client)
{
    private ICameraRegistryGrain Registry => client.GetGrain<ICameraRegistryGrain>(ICameraRegistryGrain.Key);

    /// <summary>Adds (or reconfigures) a camera and starts it.</summary>
    /// <exception cref="ArgumentException">The id or configuration is invalid; the message says which rule failed.</exception>
    public Task AddCameraAsync(string cameraId, CameraConfig config) => Registry.AddAsync(cameraId, config);

    /// <summary>Stops and forgets a camera; false when there was no such camera. Its stored detections stay.</summary>
    public Task<bool> RemoveCameraAsync(string cameraId) => Registry.RemoveAsync(cameraId);

    /// <summary>Every registered camera with its status.</summary>
    public async Task<IReadOnlyList<CameraStatus>> ListCamerasAsync()
    {
        var ids = await Registry.ListAsync();
        return await Task.WhenAll(ids.Select(id => client.GetGrain<ICameraGrain>(id).GetStatusAsync()));
    }

    /// <summary>A registered camera's status, or null when there is no such camera.</summary>
    public async Task<CameraStatus?> GetCameraAsync(string cameraId)
    {
        var ids = await Registry.ListAsync();
        return ids.Contains(cameraId, StringComparer.Ordinal) ? await client.GetGrain<ICameraGrain>(cameraId).GetStatusAsync() : null;
    }

    /// <summary>Persisted detections of one camera, newest first.</summary>
    public Task<DetectionPage> QueryDetectionsAsync(string cameraId, DetectionQuery query) =>
        client.GetGrain<IDetectionLogGrain>(cameraId).QueryAsync(query);

    /// <summary>Persisted events of one camera, or of every camera when <paramref name="cameraId"/> is null; newest first.</summary>
    /// <exception cref="ArgumentException">The query is invalid (<see cref="EventQuery.Error"/>).</exception>
    public async Task<EventPage> QueryEventsAsync(string? cameraId, EventQuery query)
    {
        if (query.Error() is { } error)
        {
            throw new ArgumentException(error, nameof(query));
        }
        if (cameraId is not null)
        {
            return await client.GetGrain<IEventLogGrain>(cameraId).QueryAsync(query);
        }
        // Every camera answers with its own newest page; the overall page is the newest of those, and the cursor
        // (start, camera, id) continues each camera exactly where the merged page stopped.
        var ids = await Registry.ListAsync();
        var pages = await Task.WhenAll(ids.Select(id => client.GetGrain<IEventLogGrain>(id).QueryAsync(query)));
        var items = pages.SelectMany(page => page.Items).Order(Comparer<VideoEvent>.Create(EventCursor.Order)).Take(query.Limit).ToArray();
        var more = pages.Sum(page => page.Items.Count) > items.Length || pages.Any(page => page.Next is not null);
        return new EventPage(items, more && items.Length > 0 ? EventCursor.After(items[^1]) : null);
    }

    /// <summary>The annotated JPEG of an event's best frame, or null.</summary>
    public Task<byte[]?> GetEventSnapshotAsync(string cameraId, string eventId) =>
        client.GetGrain<IEventLogGrain>(cameraId).GetSnapshotAsync(eventId);

    /// <summary>One stored event of a camera, or null.</summary>
    public Task<VideoEvent?> GetEventAsync(string cameraId, string eventId) =>
        client.GetGrain<IEventLogGrain>(cameraId).GetEventAsync(eventId);

    /// <summary>A camera's recorded spans (stretches without gaps) overlapping [from, to), oldest first.</summary>
    public Task<List<RecordingSpan>> GetRecordingsAsync(string cameraId, DateTimeOffset from, DateTimeOffset to) =>
        client.GetGrain<IRecordingLogGrain>(cameraId).GetSpansAsync(from, to);

    /// <summary>A camera's recorded segments overlapping [from, to), oldest first: what a playlist or a clip is made of.</summary>
    public Task<List<RecordedSegment>> GetRecordedSegmentsAsync(string cameraId, DateTimeOffset from, DateTimeOffset to) =>
        client.GetGrain<IRecordingLogGrain>(cameraId).GetSegmentsAsync(from, to);

    /// <summary>The segment of a camera that starts at <paramref name="start"/> (Unix milliseconds), or null.</summary>
    public Task<RecordedSegment?> FindSegmentAsync(string cameraId, long start) =>
        client.GetGrain<IRecordingLogGrain>(cameraId).FindAsync(start);

    /// <summary>Receives one camera's events as they start, get a better snapshot and end, until the returned handle is disposed.</summary>
    public async Task<IAsyncDisposable> SubscribeEventsAsync(string cameraId, Func<VideoEvent, Task> onEvent)
    {
        var stream = client.GetStreamProvider(StreamNames.Provider).GetStream<VideoEvent>(StreamId.Create(StreamNames.Events, cameraId));
        return new Subscription<VideoEvent>(await stream.SubscribeAsync((item, _) => onEvent(item)));
    }

    /// <summary>Receives every frame's detections from one camera as they are made, until the returned handle is disposed.</summary>
    public async Task<IAsyncDisposable> SubscribeAsync(string cameraId, Func<FrameDetections, Task> onDetections)
    {
        var stream = client.GetStreamProvider(StreamNames.Provider)
            .GetStream<FrameDetections>(StreamId.Create(StreamNames.Detections, cameraId));
        return new Subscription<FrameDetections>(await stream.SubscribeAsync((item, _) => onDetections(item)));
    }

    private sealed class Subscription<T>(StreamSubscriptionHandle<T> handle) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await handle.UnsubscribeAsync();
    }
}
