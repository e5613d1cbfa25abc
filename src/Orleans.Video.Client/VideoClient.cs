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

    /// <summary>Receives every frame's detections from one camera as they are made, until the returned handle is disposed.</summary>
    public async Task<IAsyncDisposable> SubscribeAsync(string cameraId, Func<FrameDetections, Task> onDetections)
    {
        var stream = client.GetStreamProvider(StreamNames.Provider)
            .GetStream<FrameDetections>(StreamId.Create(StreamNames.Detections, cameraId));
        var handle = await stream.SubscribeAsync((item, _) => onDetections(item));
        return new Subscription(handle);
    }

    private sealed class Subscription(StreamSubscriptionHandle<FrameDetections> handle) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await handle.UnsubscribeAsync();
    }
}
