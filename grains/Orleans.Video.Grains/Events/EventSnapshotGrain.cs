using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Video.Media;

namespace Orleans.Video.Grains.Events;

/// <summary>
/// The annotated JPEG of one event's best frame (tens of KiB). With media storage it is a file there
/// (<c>snapshots/{camera}/{event}.jpg</c>) and PostgreSQL keeps only where: pictures and video in media storage,
/// metadata in the database. Without media storage, or when writing there fails, the JPEG goes into the grain's state,
/// so a snapshot is never lost; snapshots stored that way before still read.
/// </summary>
[GrainType("eventsnapshot")]
public sealed partial class EventSnapshotGrain(
    [PersistentState("event-snapshot", GrainStorageNames.Video)] IPersistentState<EventSnapshotRecord> state,
    IOptions<MediaStorageOptions> storage,
    ILogger<EventSnapshotGrain> logger) : Grain, IEventSnapshotGrain
{
    public static string Key(string cameraId, string eventId) => $"{cameraId}/{eventId}";

    // Tens of KiB each and rarely read twice in a row: do not keep them in memory until idle collection.
    public async Task SetAsync(byte[] jpeg)
    {
        var file = await WriteFileAsync(jpeg);
        state.State.Jpeg = file is null ? jpeg : null;
        state.State.File = file;
        await state.WriteStateAsync();
        DeactivateOnIdle();
    }

    public async Task<byte[]?> GetAsync()
    {
        DeactivateOnIdle();
        if (state.State.File is { } file)
        {
            try
            {
                return await File.ReadAllBytesAsync(RecordingLayout.Resolve(storage.Value.Root, file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                LogUnreadable(logger, file, e.Message);
                return null;
            }
        }
        return state.State.Jpeg;
    }

    public async Task ClearAsync()
    {
        if (state.State.File is { } file)
        {
            try
            {
                File.Delete(RecordingLayout.Resolve(storage.Value.Root, file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                LogUnreadable(logger, file, e.Message);
            }
        }
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }
        DeactivateOnIdle();
    }

    /// <summary>Writes the JPEG into media storage (whole, then renamed into place); null when there is none or it failed.</summary>
    private async Task<string?> WriteFileAsync(byte[] jpeg)
    {
        var key = this.GetPrimaryKeyString();
        var slash = key.IndexOf('/');
        if (!storage.Value.Enabled || slash < 0 || RecordingLayout.Snapshot(key[..slash], key[(slash + 1)..]) is not { } file)
        {
            return null;
        }
        try
        {
            var path = RecordingLayout.Resolve(storage.Value.Root, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var partial = path + ".part";
            await File.WriteAllBytesAsync(partial, jpeg);
            File.Move(partial, path, overwrite: true);
            return file;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogNotWritten(logger, file, e.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event snapshot {File} not written to media storage, kept in the database instead: {Error}")]
    private static partial void LogNotWritten(ILogger logger, string file, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event snapshot {File}: {Error}")]
    private static partial void LogUnreadable(ILogger logger, string file, string error);
}
