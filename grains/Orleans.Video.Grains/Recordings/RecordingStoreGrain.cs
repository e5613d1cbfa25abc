using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Video.Media;

namespace Orleans.Video.Grains.Recordings;

/// <summary>
/// Keeps all recordings together under <see cref="MediaStorageOptions.MaxBytes"/> and the disk above
/// <see cref="MediaStorageOptions.MinFreeBytes"/>: every minute (a reminder, so it survives silo deaths) it deletes
/// segments oldest first across all cameras until both hold: from the camera whose oldest segment is oldest, up to
/// where another camera's becomes the oldest. Segments being written are not indexed yet, so never deleted.
/// </summary>
[GrainType("recordingstore")]
public sealed partial class RecordingStoreGrain(
    [PersistentState("recording-store", GrainStorageNames.Video)] IPersistentState<RecordingStoreRecord> state,
    IOptions<MediaStorageOptions> storage,
    ILogger<RecordingStoreGrain> logger) : Grain, IRecordingStoreGrain, IRemindable
{
    private const string CapReminder = "recording-cap";
    private static readonly TimeSpan CapPeriod = TimeSpan.FromMinutes(1);

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
            var holding = cameras.Zip(usages).Where(pair => pair.Second.Oldest is not null).OrderBy(pair => pair.Second.Oldest).ToList();
            if (needed <= 0 || holding.Count == 0)
            {
                break;
            }
            // The oldest camera's segments go up to the start of the next camera's oldest: oldest first across cameras.
            var through = holding.Count > 1 ? holding[1].Second.Oldest!.Value : DateTimeOffset.MaxValue;
            var freed = await Log(holding[0].First).DeleteOldestAsync(needed, through);
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

    public async Task<RecordingUsage> GetUsageAsync()
    {
        var usages = await Task.WhenAll(state.State.Cameras.Select(c => Log(c).GetUsageAsync()));
        return new RecordingUsage(usages.Sum(u => u.Bytes), usages.Min(u => u.Oldest), usages.Sum(u => u.ContinuousBytes));
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
