using Microsoft.Extensions.Options;
using Orleans.Video.Media;

namespace Orleans.Video.Grains.Jobs;

/// <summary>
/// Keeps uploads within <see cref="JobsOptions.MaxUploadBytesInFlight"/> and <see cref="JobsOptions.MaxStoredUploadBytes"/>
/// for the whole cluster. What is stored is measured on the shared storage root at each reservation (every silo sees the
/// same folder), so it needs no bookkeeping that a crash could get wrong; an upload being written counts both as stored
/// (its part on disk) and as reserved, which errs towards refusing. Reservations live in memory: one left by a silo that
/// died mid-upload lapses after <see cref="ReservationLife"/>, and the grain stays active while any is held.
/// </summary>
[GrainType("uploadquota")]
public sealed class UploadQuotaGrain(IOptions<JobsOptions> jobs, IOptions<MediaStorageOptions> storage, TimeProvider clock) : Grain, IUploadQuotaGrain
{
    /// <summary>Longer than the largest upload takes at a slow client's pace (20 GiB at 2 MB/s is 3 h).</summary>
    public static readonly TimeSpan ReservationLife = TimeSpan.FromHours(6);

    private readonly Dictionary<string, (long Bytes, DateTimeOffset Until)> _reserved = new(StringComparer.Ordinal);

    public Task<string?> ReserveAsync(string uploadId, long bytes)
    {
        var now = clock.GetUtcNow();
        foreach (var lapsed in _reserved.Where(r => r.Value.Until <= now).Select(r => r.Key).ToList())
        {
            _reserved.Remove(lapsed);
        }
        var options = jobs.Value;
        var inFlight = _reserved.Values.Sum(r => r.Bytes);
        if (inFlight + bytes > options.MaxUploadBytesInFlight)
        {
            return Task.FromResult<string?>(
                $"uploads of {inFlight} bytes are arriving now and this one would pass the cluster's {options.MaxUploadBytesInFlight} (Jobs:MaxUploadBytesInFlight); try again when they are in");
        }
        var stored = StoredBytes();
        if (stored + inFlight + bytes > options.MaxStoredUploadBytes)
        {
            return Task.FromResult<string?>(
                $"jobs' files take {stored} bytes and this upload would pass the cluster's {options.MaxStoredUploadBytes} (Jobs:MaxStoredUploadBytes); remove ended jobs first");
        }
        _reserved[uploadId] = (bytes, now + ReservationLife);
        DelayDeactivation(ReservationLife);
        return Task.FromResult<string?>(null);
    }

    public Task ReleaseAsync(string uploadId)
    {
        _reserved.Remove(uploadId);
        return Task.CompletedTask;
    }

    private long StoredBytes()
    {
        var folder = Path.Combine(Path.GetFullPath(storage.Value.Root), "jobs");
        if (!storage.Value.Enabled || !Directory.Exists(folder))
        {
            return 0;
        }
        long total = 0;
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
        {
            try
            {
                total += file.Length;
            }
            catch (FileNotFoundException)
            {
                // Removed with its job meanwhile.
            }
        }
        return total;
    }
}
