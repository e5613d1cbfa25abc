using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Video.Media;

namespace Orleans.Video.Grains.Recordings;

/// <summary>
/// Keeps all recordings together under <see cref="MediaStorageOptions.MaxBytes"/> and the disk above
/// <see cref="MediaStorageOptions.MinFreeBytes"/>: every minute (a reminder, so it survives silo deaths) it deletes
/// from the camera whose oldest segment is oldest, a slice at a time, until both hold. Segments being written are
/// never indexed yet, so never deleted.
/// </summary>
[GrainType("recordingstore")]
public sealed partial class RecordingStoreGrain(
    [PersistentState("recording-store", GrainStorageNames.Video)] IPersistentState<RecordingStoreRecord> state,
    IOptions<MediaStorageOptions> storage,
    ILogger<RecordingStoreGrain> logger) : Grain, IRecordingStoreGrain, IRemindable
{
    private const string CapReminder = "recording-cap";
    private static readonly TimeSpan CapPeriod = TimeSpan.FromMinutes(1);

    /// <summary>Deleted per step from the oldest camera before looking again: oldest first across cameras, give or take a slice.</summary>
    private const long Slice = 32L * 1024 * 1024;

    private bool _reminderRegistered;

    public async Task RegisterAsync(string cameraId)
    {
        if (!state.State.Cameras.Contains(cameraId))
        {
            state.State.Cameras.Add(cameraId);
            await state.WriteStateAsync();
        }
        if (!_reminderRegistered)
        {
            await this.RegisterOrUpdateReminder(CapReminder, CapPeriod, CapPeriod);
            _reminderRegistered = true;
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == CapReminder)
        {
            await EnforceAsync();
        }
    }

    public async Task<long> EnforceAsync()
    {
        var options = storage.Value;
        if (!options.Enabled || state.State.Cameras.Count == 0)
        {
            return 0;
        }
        long deleted = 0;
        while (true)
        {
            var cameras = state.State.Cameras.ToList();
            var usages = await Task.WhenAll(cameras.Select(c => Log(c).GetUsageAsync()));
            var needed = Math.Max(
                options.MaxBytes > 0 ? usages.Sum(u => u.Bytes) - options.MaxBytes : 0,
                options.MinFreeBytes - FreeBytes(options.Root));
            var oldest = cameras.Zip(usages).Where(pair => pair.Second.Oldest is not null).MinBy(pair => pair.Second.Oldest);
            if (needed <= 0 || oldest.First is null)
            {
                break;
            }
            var freed = await Log(oldest.First).DeleteOldestAsync(Math.Min(needed, Slice));
            if (freed == 0)
            {
                break;
            }
            deleted += freed;
        }
        if (deleted > 0)
        {
            LogDeleted(logger, deleted / (1024 * 1024), options.MaxBytes / (1024 * 1024), options.MinFreeBytes / (1024 * 1024));
        }
        return deleted;
    }

    private static long FreeBytes(string root)
    {
        try
        {
            return new DriveInfo(root).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // A root that cannot be read frees nothing by deleting: the cap on bytes still applies.
            return long.MaxValue;
        }
    }

    private IRecordingLogGrain Log(string cameraId) => GrainFactory.GetGrain<IRecordingLogGrain>(cameraId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording storage: deleted the oldest {Mebibytes} MiB (Storage:MaxBytes {Cap} MiB, Storage:MinFreeBytes {MinFree} MiB)")]
    private static partial void LogDeleted(ILogger logger, long mebibytes, long cap, long minFree);
}
