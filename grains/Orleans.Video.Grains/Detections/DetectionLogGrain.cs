namespace Orleans.Video.Grains.Detections;

/// <summary>A camera's index of detection buckets; routes writes to the right bucket and pages queries across buckets.</summary>
public sealed class DetectionLogGrain(
    [PersistentState("detection-index", StreamNames.Storage)] IPersistentState<DetectionLogRecord> state) : Grain, IDetectionLogGrain
{
    public async Task AppendAsync(FrameDetections frame)
    {
        var bucket = DetectionBucket.StartOf(frame.Timestamp);
        if (state.State.Buckets.Add(bucket))
        {
            // The index is written before the bucket, so a bucket with data is always reachable by queries.
            await state.WriteStateAsync();
        }
        await Bucket(bucket).AppendAsync(frame);
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

    private IDetectionBucketGrain Bucket(long start) =>
        GrainFactory.GetGrain<IDetectionBucketGrain>(DetectionBucket.Key(this.GetPrimaryKeyString(), start));
}
