using Microsoft.Extensions.Options;

namespace Orleans.Video.Grains.Detections;

/// <summary>
/// One camera's detections within one <see cref="DetectionBucket.Length"/>; writes are idempotent by frame
/// sequence and written behind, at most every <see cref="DetectionStorageOptions.FlushInterval"/>.
/// </summary>
[GrainType("detectionbucket")]
public sealed class DetectionBucketGrain(
    [PersistentState("detections", GrainStorageNames.Video)] IPersistentState<DetectionBucketRecord> state,
    IOptions<DetectionStorageOptions> options) : Grain, IDetectionBucketGrain
{
    private IGrainTimer? _flush;
    private bool _dirty;

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => await FlushAsync();

    public async Task AppendAsync(FrameDetections frame)
    {
        var frames = state.State.Frames;
        var index = frames.BinarySearch(new StoredFrame(frame.Sequence, default, []), SequenceOrder.Instance);
        if (index >= 0)
        {
            return;
        }
        frames.Insert(~index, new StoredFrame(frame.Sequence, frame.Timestamp, [.. frame.Detections]));
        _dirty = true;
        var interval = options.Value.FlushInterval;
        if (interval <= TimeSpan.Zero)
        {
            await FlushAsync();
        }
        else
        {
            _flush ??= this.RegisterGrainTimer(_ => FlushAsync(), new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
        }
    }

    public async Task<IReadOnlyList<DetectionRecord>> QueryAsync(DetectionQuery query)
    {
        // What a query returns must survive a crash: write pending frames before showing them.
        await FlushAsync();
        var cameraId = this.GetPrimaryKeyString().Split('/')[0];
        var results = new List<DetectionRecord>();
        var frames = state.State.Frames;
        for (var i = frames.Count - 1; i >= 0 && results.Count < query.Limit; i--)
        {
            var frame = frames[i];
            if (query.From is { } from && frame.Timestamp < from || query.To is { } to && frame.Timestamp >= to)
            {
                continue;
            }
            if (query.Before is { } cursor && frame.Sequence > cursor.Sequence)
            {
                continue;
            }
            for (var d = 0; d < frame.Detections.Length && results.Count < query.Limit; d++)
            {
                var detection = frame.Detections[d];
                if (query.Before is { } after && frame.Sequence == after.Sequence && d <= after.Index)
                {
                    continue;
                }
                if (query.Label is { } label && !string.Equals(label, detection.Label, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                results.Add(new DetectionRecord(cameraId, frame.Sequence, frame.Timestamp, detection.Label, detection.Score, detection.Box, d));
            }
        }
        return results;
    }

    public async Task ClearAsync()
    {
        _flush?.Dispose();
        _flush = null;
        _dirty = false;
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }
        DeactivateOnIdle();
    }

    private async Task FlushAsync()
    {
        if (!_dirty)
        {
            // Nothing came since the last write: stop ticking, so an idle bucket can be collected.
            _flush?.Dispose();
            _flush = null;
            return;
        }
        _dirty = false;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            _dirty = true; // the next tick (or query) tries again
            throw;
        }
    }

    private sealed class SequenceOrder : IComparer<StoredFrame>
    {
        public static readonly SequenceOrder Instance = new();

        public int Compare(StoredFrame? x, StoredFrame? y) => x!.Sequence.CompareTo(y!.Sequence);
    }
}
