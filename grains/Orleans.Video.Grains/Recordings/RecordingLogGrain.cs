using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Video.Media;

namespace Orleans.Video.Grains.Recordings;

/// <summary>
/// A camera's index of recording buckets: routes new segments to their bucket, answers range queries across
/// buckets, keeps the camera's total size for the storage cap, and deletes what is past the camera's retention:
/// whenever a new bucket starts, and hourly by a reminder, so a camera that stopped long ago is trimmed too.
/// </summary>
[GrainType("recordinglog")]
public sealed class RecordingLogGrain(
    [PersistentState("recording-index", GrainStorageNames.Video)] IPersistentState<RecordingLogRecord> state,
    IOptions<MediaStorageOptions> storage,
    TimeProvider clock,
    ILogger<RecordingLogGrain> logger) : Grain, IRecordingLogGrain, IRemindable
{
    private const string RetentionReminder = "recording-retention";
    private static readonly TimeSpan RetentionPeriod = TimeSpan.FromHours(1);

    /// <summary>Each bucket's usage, loaded from the buckets on first need and kept up to date from then on.</summary>
    private Dictionary<long, RecordingUsage>? _usage;
    private bool _registered;

    private string CameraId => this.GetPrimaryKeyString();

    private List<long> Buckets => state.State.Buckets;

    public async Task AddAsync(List<RecordedSegment> segments, RecordConfig record)
    {
        var usage = await UsageAsync();
        var changed = state.State.Record != record;
        state.State.Record = record;
        var byBucket = segments.GroupBy(s => RecordingBucket.StartOf(s.Start)).ToList();
        foreach (var group in byBucket)
        {
            var index = Buckets.BinarySearch(group.Key);
            if (index < 0)
            {
                Buckets.Insert(~index, group.Key);
                changed = true;
            }
        }
        if (changed)
        {
            // The index is written before the buckets, so every bucket with data is reachable by queries and retention.
            await state.WriteStateAsync();
        }
        foreach (var group in byBucket)
        {
            usage[group.Key] = await Bucket(group.Key).AddAsync([.. group]);
        }
        if (!_registered)
        {
            // Once per activation: the reminder and the store's list outlive it, and registering again changes nothing.
            await this.RegisterOrUpdateReminder(RetentionReminder, RetentionPeriod, RetentionPeriod);
            await GrainFactory.GetGrain<IRecordingStoreGrain>(IRecordingStoreGrain.Key).RegisterAsync(CameraId);
            _registered = true;
        }
        if (await IsDueAsync())
        {
            await TrimExpiredAsync();
        }
    }

    public async Task<List<RecordingSpan>> GetSpansAsync(DateTimeOffset from, DateTimeOffset to) =>
        RecordingSpan.Join(await GetSegmentsAsync(from, to));

    public async Task<List<RecordedSegment>> GetSegmentsAsync(DateTimeOffset from, DateTimeOffset to)
    {
        // A segment is indexed in the bucket it starts in, so the bucket before "from" may hold one that reaches into the range.
        var first = RecordingBucket.StartOf(from) - (long)RecordingBucket.Length.TotalSeconds;
        var buckets = Buckets.Where(b => b >= first && DateTimeOffset.FromUnixTimeSeconds(b) < to).ToList();
        var lists = await Task.WhenAll(buckets.Select(b => Bucket(b).GetAsync()));
        return lists.SelectMany(list => list).Where(s => s.Overlaps(from, to)).ToList();
    }

    public async Task<RecordedSegment?> FindAsync(long start)
    {
        var bucket = RecordingBucket.StartOf(DateTimeOffset.FromUnixTimeMilliseconds(start));
        if (Buckets.BinarySearch(bucket) < 0)
        {
            return null;
        }
        return (await Bucket(bucket).GetAsync()).Find(s => s.Key == start);
    }

    public async Task<RecordingUsage> GetUsageAsync()
    {
        var usage = await UsageAsync();
        var oldest = Buckets.Select(b => usage[b].Oldest).FirstOrDefault(o => o is not null);
        return new RecordingUsage(usage.Values.Sum(u => u.Bytes), oldest, usage.Values.Sum(u => u.ContinuousBytes));
    }

    public async Task<long> DeleteOldestAsync(long bytes, DateTimeOffset through)
    {
        var usage = await UsageAsync();
        long freed = 0;
        var done = false;
        while (!done && Buckets.Count > 0)
        {
            var bucket = Buckets[0];
            var segments = await Bucket(bucket).GetAsync();
            var doomed = new List<RecordedSegment>();
            foreach (var segment in segments)
            {
                if (freed >= bytes || (freed > 0 && segment.Start > through))
                {
                    done = true;
                    break;
                }
                doomed.Add(segment);
                freed += segment.Bytes;
            }
            await DeleteAsync(bucket, doomed, emptied: doomed.Count == segments.Count, usage);
        }
        return freed;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RetentionReminder)
        {
            return;
        }
        await TrimExpiredAsync();
        if (Buckets.Count == 0 && await this.GetReminder(RetentionReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            _registered = false;
        }
    }

    /// <summary>
    /// Deletes segments past the camera's retention, oldest first: what an event overlaps after its event days,
    /// the rest after its continuous days. Only buckets that can hold such segments are read: those older than the
    /// event cutoff, and those older than the continuous cutoff that still hold segments no event overlaps.
    /// </summary>
    private async Task TrimExpiredAsync()
    {
        var record = state.State.Record ?? new RecordConfig();
        var now = clock.GetUtcNow();
        var continuousCutoff = now - TimeSpan.FromDays(record.ContinuousDays);
        var eventCutoff = now - TimeSpan.FromDays(record.EventDays);
        var usage = await UsageAsync();
        var due = Buckets.Where(b => DateTimeOffset.FromUnixTimeSeconds(b) < eventCutoff
            || (DateTimeOffset.FromUnixTimeSeconds(b) < continuousCutoff && usage[b].ContinuousBytes > 0)).ToList();
        foreach (var bucket in due)
        {
            var segments = await Bucket(bucket).GetAsync();
            var expired = segments.Where(s => s.End <= (s.Event ? eventCutoff : continuousCutoff)).ToList();
            await DeleteAsync(bucket, expired, emptied: expired.Count == segments.Count, usage);
        }
    }

    /// <summary>Whether a trim could delete anything now: a cheap look at the oldest buckets, in memory.</summary>
    private async Task<bool> IsDueAsync()
    {
        if (Buckets.Count == 0)
        {
            return false;
        }
        var record = state.State.Record ?? new RecordConfig();
        var now = clock.GetUtcNow();
        var usage = await UsageAsync();
        return DateTimeOffset.FromUnixTimeSeconds(Buckets[0]) < now - TimeSpan.FromDays(record.EventDays)
            || Buckets.TakeWhile(b => DateTimeOffset.FromUnixTimeSeconds(b) < now - TimeSpan.FromDays(record.ContinuousDays))
                .Any(b => usage[b].ContinuousBytes > 0);
    }

    /// <summary>Index entries go first, then the files: an entry never points at a file that is gone.</summary>
    private async Task DeleteAsync(long bucket, List<RecordedSegment> segments, bool emptied, Dictionary<long, RecordingUsage> usage)
    {
        if (emptied)
        {
            await Bucket(bucket).ClearAsync();
            Buckets.Remove(bucket);
            usage.Remove(bucket);
            await state.WriteStateAsync();
        }
        else if (segments.Count > 0)
        {
            usage[bucket] = await Bucket(bucket).RemoveAsync(segments.Select(s => s.Key).ToList());
        }
        SegmentFiles.Delete(storage.Value.Root, segments, logger);
    }

    private async Task<Dictionary<long, RecordingUsage>> UsageAsync()
    {
        if (_usage is null)
        {
            var usages = await Task.WhenAll(Buckets.Select(b => Bucket(b).GetUsageAsync()));
            _usage = Buckets.Zip(usages).ToDictionary(pair => pair.First, pair => pair.Second);
        }
        return _usage;
    }

    private IRecordingBucketGrain Bucket(long start) =>
        GrainFactory.GetGrain<IRecordingBucketGrain>(RecordingBucket.Key(CameraId, start));
}
