using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Orleans.Video.Grains.Detections;

/// <summary>
/// A camera's index of detection buckets; routes writes to the right bucket, pages queries across buckets and
/// deletes buckets past <see cref="DetectionStorageOptions.MaxAge"/>: whenever a new bucket starts, and hourly
/// by a reminder, so a camera that stopped long ago is trimmed too.
/// </summary>
[GrainType("detectionlog")]
public sealed class DetectionLogGrain(
    [PersistentState("detection-index", GrainStorageNames.Video)] IPersistentState<DetectionLogRecord> state,
    IOptions<DetectionStorageOptions> options,
    TimeProvider clock) : Grain, IDetectionLogGrain, IRemindable
{
    private const string RetentionReminder = "detection-retention";
    private static readonly TimeSpan RetentionPeriod = TimeSpan.FromHours(1);

    private bool _reminderRegistered;

    public async Task AppendAsync(FrameDetections frame)
    {
        var bucket = DetectionBucket.StartOf(frame.Timestamp);
        if (!state.State.Buckets.Contains(bucket))
        {
            if (IsExpired(bucket))
            {
                return; // already past retention: storing it would only make work for the next trim
            }
            state.State.Buckets.Add(bucket);
            await TrimAsync();
            // The index is written before the bucket, so a bucket with data is always reachable by queries.
            await state.WriteStateAsync();
            if (!_reminderRegistered && options.Value.MaxAge > TimeSpan.Zero)
            {
                // Once per activation, not only for a camera's first bucket: cameras stored before retention existed,
                // or whose registration failed once, get their reminder too. The reminder outlives the activation.
                await this.RegisterOrUpdateReminder(RetentionReminder, RetentionPeriod, RetentionPeriod);
                _reminderRegistered = true;
            }
        }
        await Bucket(bucket).AppendAsync(frame);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RetentionReminder)
        {
            return;
        }
        if (await TrimAsync())
        {
            await state.WriteStateAsync();
        }
        if ((state.State.Buckets.Count == 0 || options.Value.MaxAge <= TimeSpan.Zero) && await this.GetReminder(RetentionReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            _reminderRegistered = false;
        }
    }

    public async Task<DetectionPage> QueryAsync(DetectionQuery query)
    {
        if (query.Limit is < 1 or > DetectionQuery.MaxLimit)
        {
            throw new ArgumentException($"limit must be between 1 and {DetectionQuery.MaxLimit}", nameof(query));
        }
        if (query.From is { } from && query.To is { } to && from >= to)
        {
            throw new ArgumentException("from must be earlier than to", nameof(query));
        }

        // Buckets after the page's newest point (the cursor, else "to") cannot hold results.
        DateTimeOffset? newest = query.Before?.Timestamp ?? query.To;
        var results = new List<DetectionRecord>(query.Limit);
        foreach (var bucket in state.State.Buckets.Reverse())
        {
            if (newest is { } bound && bucket > DetectionBucket.StartOf(bound))
            {
                continue;
            }
            if (query.From is { } lower && DetectionBucket.EndOf(bucket) <= lower)
            {
                break;
            }
            var items = await Bucket(bucket).QueryAsync(query with { Limit = query.Limit - results.Count });
            results.AddRange(items);
            if (results.Count == query.Limit)
            {
                var last = results[^1];
                return new DetectionPage(results, new DetectionCursor(last.Timestamp, last.Sequence, last.Index));
            }
        }
        return new DetectionPage(results, null);
    }

    private bool IsExpired(long bucket) => DetectionBucket.IsExpired(bucket, options.Value.MaxAge, clock.GetUtcNow());

    /// <summary>Deletes expired buckets, oldest first; true when the index changed. Each is cleared before it leaves the index.</summary>
    private async Task<bool> TrimAsync()
    {
        var expired = state.State.Buckets.TakeWhile(IsExpired).ToArray();
        foreach (var bucket in expired)
        {
            await Bucket(bucket).ClearAsync();
            state.State.Buckets.Remove(bucket);
        }
        return expired.Length > 0;
    }

    private IDetectionBucketGrain Bucket(long start) =>
        GrainFactory.GetGrain<IDetectionBucketGrain>(DetectionBucket.Key(this.GetPrimaryKeyString(), start));
}
