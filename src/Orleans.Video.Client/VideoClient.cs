using Orleans.Runtime;
using Orleans.Streams;

namespace Orleans.Video.Client;

/// <summary>
/// The typed way into an Orleans.Video cluster, over an <see cref="IClusterClient"/> (a client process) or a
/// silo's own <see cref="IClusterClient"/> (the silo's HTTP API uses it the same way).
/// </summary>
public sealed partial class VideoClient(IClusterClient client)
{
    private ICameraRegistryGrain Registry => client.GetGrain<ICameraRegistryGrain>(ICameraRegistryGrain.Key);

    /// <summary>Adds (or reconfigures) a camera and starts it.</summary>
    /// <exception cref="ArgumentException">The id or configuration is invalid; the message says which rule failed.</exception>
    public Task AddCameraAsync(string cameraId, CameraConfig config) => Registry.AddAsync(cameraId, config);

    /// <summary>Stops and forgets a camera; false when there was no such camera. Its stored detections stay.</summary>
    public Task<bool> RemoveCameraAsync(string cameraId) => Registry.RemoveAsync(cameraId);

    /// <summary>The most cameras one page lists.</summary>
    public const int MaxCamerasPerPage = 1000;

    /// <summary>Every registered camera with its status, in id order (a page of <see cref="MaxCamerasPerPage"/> at a time).</summary>
    public async Task<IReadOnlyList<CameraStatus>> ListCamerasAsync()
    {
        var all = new List<CameraStatus>();
        string? after = null;
        do
        {
            var page = await ListCamerasAsync(after, MaxCamerasPerPage);
            all.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);
        return all;
    }

    /// <summary>
    /// Registered cameras in id order after <paramref name="after"/> (null: from the first), at most
    /// <paramref name="limit"/>, with their status: the registry lists the page, and only its cameras are asked.
    /// </summary>
    public async Task<CameraPage> ListCamerasAsync(string? after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxCamerasPerPage);
        // One id more than asked: whether there is a next page.
        var ids = await Registry.ListAsync(after, limit + 1);
        var page = ids.Take(limit).ToArray();
        var statuses = await Task.WhenAll(page.Select(id => client.GetGrain<ICameraGrain>(id).GetStatusAsync()));
        return new CameraPage(statuses, ids.Count > limit ? page[^1] : null);
    }

    /// <summary>
    /// Whether a camera is registered: the one existence check, a question to the registry alone (the camera's grain is
    /// not woken). Stored results of a camera since removed still answer queries; this says whether it is a camera now.
    /// </summary>
    public Task<bool> CameraExistsAsync(string cameraId) => Registry.ContainsAsync(cameraId);

    /// <summary>A registered camera's status and whole configuration together, or null when there is no such camera.</summary>
    public async Task<(CameraStatus Status, CameraConfig? Config)?> GetCameraWithConfigAsync(string cameraId)
    {
        if (!await Registry.ContainsAsync(cameraId))
        {
            return null;
        }
        var camera = client.GetGrain<ICameraGrain>(cameraId);
        var status = camera.GetStatusAsync();
        var config = camera.GetConfigAsync();
        return (await status, await config);
    }

    /// <summary>A registered camera's status, or null when there is no such camera. Asks the registry one id, then the camera.</summary>
    public async Task<CameraStatus?> GetCameraAsync(string cameraId) =>
        await Registry.ContainsAsync(cameraId) ? await client.GetGrain<ICameraGrain>(cameraId).GetStatusAsync() : null;

    /// <summary>A registered camera's whole configuration (zones, filter, recording), or null when there is no such camera.</summary>
    public async Task<CameraConfig?> GetCameraConfigAsync(string cameraId) =>
        await Registry.ContainsAsync(cameraId) ? await client.GetGrain<ICameraGrain>(cameraId).GetConfigAsync() : null;

    private IResultsIndexGrain Index => client.GetGrain<IResultsIndexGrain>(0);

    /// <summary>Persisted detections of one camera, newest first, including those it gathered in the last second.</summary>
    /// <exception cref="ArgumentException">The query is invalid (<see cref="DetectionQuery.Error"/>).</exception>
    public Task<DetectionPage> QueryDetectionsAsync(string cameraId, DetectionQuery query) =>
        client.GetGrain<IDetectionLogGrain>(cameraId).QueryAsync(query);

    /// <summary>
    /// Persisted detections of several cameras, or of every camera when <paramref name="cameraIds"/> is null, newest
    /// first: one indexed query, whatever the number of cameras (see <see cref="IResultsIndexGrain"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The query is invalid (<see cref="DetectionQuery.Error"/>).</exception>
    public Task<DetectionPage> SearchDetectionsAsync(IReadOnlyList<string>? cameraIds, DetectionQuery query) =>
        Index.QueryDetectionsAsync(cameraIds, query);

    /// <summary>Persisted events of one camera, or of every camera when <paramref name="cameraId"/> is null; newest first.</summary>
    /// <exception cref="ArgumentException">The query is invalid (<see cref="EventQuery.Error"/>).</exception>
    public Task<EventPage> QueryEventsAsync(string? cameraId, EventQuery query) =>
        cameraId is null ? Index.QueryEventsAsync(null, query) : client.GetGrain<IEventLogGrain>(cameraId).QueryAsync(query);

    /// <summary>Persisted events of several cameras, or of every camera when <paramref name="cameraIds"/> is null; newest first.</summary>
    /// <exception cref="ArgumentException">The query is invalid (<see cref="EventQuery.Error"/>).</exception>
    public Task<EventPage> SearchEventsAsync(IReadOnlyList<string>? cameraIds, EventQuery query) =>
        Index.QueryEventsAsync(cameraIds, query);

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
