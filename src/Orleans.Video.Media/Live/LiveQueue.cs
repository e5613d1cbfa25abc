namespace Orleans.Video.Media.Live;

/// <summary>
/// The live segments waiting for one viewer, in order. A viewer starts at a keyframe; one that falls more than
/// <c>capacity</c> segments behind loses what waits and starts again at the next keyframe (a skip in the picture,
/// never a delay that grows). Initialisation segments are never dropped: what follows cannot play without them.
/// </summary>
public sealed class LiveQueue(int capacity)
{
    private readonly Lock _lock = new();
    private readonly List<LiveSegment> _items = [];
    private TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _waitingForKeyframe = true;
    private bool _closed;

    /// <summary>Fragments dropped for this viewer: skipped while it waited for a keyframe or fell behind.</summary>
    public long Skipped { get; private set; }

    public void Add(LiveSegment segment)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }
            switch (segment.Kind)
            {
                case LiveSegmentKind.Init:
                    _waitingForKeyframe = true;
                    break;
                case LiveSegmentKind.Keyframe:
                    _waitingForKeyframe = false;
                    break;
                case LiveSegmentKind.Frame when _waitingForKeyframe:
                    Skipped++;
                    return;
            }
            if (_items.Count >= capacity)
            {
                var dropped = _items.RemoveAll(s => s.Kind != LiveSegmentKind.Init);
                Skipped += dropped;
                if (segment.Kind == LiveSegmentKind.Frame)
                {
                    Skipped++;
                    _waitingForKeyframe = true;
                    _ready.TrySetResult();
                    return;
                }
            }
            _items.Add(segment);
            _ready.TrySetResult();
        }
    }

    /// <summary>Waits for segments and takes them all; empty once the queue is closed.</summary>
    public async Task<LiveSegment[]> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task ready;
            lock (_lock)
            {
                if (_items.Count > 0 || _closed)
                {
                    var taken = _items.ToArray();
                    _items.Clear();
                    return taken;
                }
                _ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                ready = _ready.Task;
            }
            await ready.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Ends the queue: <see cref="TakeAsync"/> returns what waits, then nothing.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            _ready.TrySetResult();
        }
    }
}
