namespace Orleans.Video.Media;

/// <summary>
/// A camera's recording across its decoder's restarts: a session folder for each ffmpeg process, the checks that
/// storage can take it before each one starts, and the finished segments for the camera to index. The decoder side
/// (<see cref="Begin"/>, <see cref="FirstFrame"/>, <see cref="End"/>) runs on the pipeline's thread;
/// <see cref="TakeFinished"/> on the camera grain's turn.
/// </summary>
public sealed class CameraRecording(string cameraId, MediaStorageOptions options, TimeProvider clock)
{
    /// <summary>After storage failed, recording is tried again this long after.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly List<RecordingSession> _sessions = [];
    private RecordingSession? _current;
    private DateTimeOffset _retryAt = DateTimeOffset.MinValue;
    private string? _refused;
    private volatile string? _error;

    /// <summary>Why the camera is not being recorded now; null while it is (or has not tried yet).</summary>
    public string? Error => _error;

    /// <summary>A decoder is writing segments now.</summary>
    public bool Active { get; private set; }

    /// <summary>Recording is wanted and not active, and the time to try storage again has come.</summary>
    public bool ShouldRetry => !Active && _refused is null && _error is not null && clock.GetUtcNow() >= _retryAt;

    /// <summary>
    /// Before a decoder starts: a new session folder to record into, or null when recording cannot go on now (storage
    /// missing, not writable or full; a codec it cannot hold), with <see cref="Error"/> saying why.
    /// </summary>
    public RecordingTarget? Begin()
    {
        Active = false;
        if (_refused is not null)
        {
            _error = _refused;
            return null;
        }
        if (clock.GetUtcNow() < _retryAt)
        {
            return null;
        }
        if (StorageProblem(options) is { } problem)
        {
            Fail($"recording paused: {problem}");
            return null;
        }
        var relative = RecordingLayout.NewSession(cameraId, clock.GetUtcNow());
        var session = new RecordingSession(options.Root, relative, options.SegmentLength);
        try
        {
            Directory.CreateDirectory(session.Target.Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail($"recording paused: cannot create '{session.Target.Directory}': {e.Message}");
            return null;
        }
        lock (_lock)
        {
            _sessions.Add(session);
            _current = session;
        }
        _error = null;
        Active = true;
        return session.Target;
    }

    /// <summary>Whether a session folder (relative to the root) is one of this recording's, so not an orphan.</summary>
    public bool IsOwn(string relativeDirectory)
    {
        lock (_lock)
        {
            return _sessions.Exists(s => s.RelativeDirectory == relativeDirectory);
        }
    }

    /// <summary>The decoder's first frame: stream time zero happened about now.</summary>
    public void FirstFrame(DateTimeOffset at)
    {
        if (_current is not { Anchor: null } session)
        {
            return;
        }
        try
        {
            session.Start(at);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Without its start the session cannot be indexed after a crash; while this process lives it still can.
            _error = $"recording: cannot write to '{session.Target.Directory}': {e.Message}";
        }
    }

    /// <summary>
    /// The decoder exited: its session is read once more, then closed. Returns true when the recording made it exit
    /// (a codec it cannot hold; storage that failed under it), so the source is not to blame: decode again at once.
    /// </summary>
    public bool End(DecoderExit exit)
    {
        RecordingSession? ended;
        lock (_lock)
        {
            ended = _current;
            if (ended is not null)
            {
                ended.Ended = true;
                _current = null;
            }
        }
        Active = false;
        if (exit.RecordingRefused is { } refused)
        {
            // A codec does not change by retrying: not again in this run of the camera.
            _refused = refused;
            _error = refused;
            return true;
        }
        if (exit.Kind != DecoderExitKind.Failed || ended is null)
        {
            return false;
        }
        // A disk that filled up or went away ends ffmpeg (a segment could not be written; ffmpeg names the file).
        if (StorageProblem(options) is { } problem)
        {
            Fail($"recording paused: {problem}");
            return true;
        }
        if (exit.Error?.Contains(ended.Target.Directory, StringComparison.Ordinal) == true)
        {
            Fail($"recording paused: {exit.Error}");
            return true;
        }
        return false;
    }

    /// <summary>Segments finished since the last call, in order; sessions whose process has exited are closed after their last read.</summary>
    public IReadOnlyList<RecordedSegment> TakeFinished()
    {
        RecordingSession[] sessions;
        lock (_lock)
        {
            sessions = [.. _sessions];
        }
        var finished = new List<RecordedSegment>();
        foreach (var session in sessions)
        {
            // Read "ended" before the list: a session seen as ended has had its final lines written.
            var ended = session.Ended;
            finished.AddRange(session.TakeFinished());
            if (ended)
            {
                // A decoder killed mid-segment (its ffmpeg, or the storage under it) leaves that segment unlisted.
                if (session.TakeCutShort() is { } cutShort)
                {
                    finished.Add(cutShort);
                }
                session.Close();
                lock (_lock)
                {
                    _sessions.Remove(session);
                }
            }
        }
        return finished;
    }

    /// <summary>What keeps this storage from taking a recording now, or null when it can.</summary>
    public static string? StorageProblem(MediaStorageOptions options)
    {
        if (!options.Enabled)
        {
            return $"no media storage is configured ({MediaStorageOptions.Section}:{nameof(options.Root)})";
        }
        if (!Directory.Exists(options.Root))
        {
            return $"the storage root '{options.Root}' does not exist ({MediaStorageOptions.Section}:{nameof(options.Root)})";
        }
        try
        {
            var free = new DriveInfo(options.Root).AvailableFreeSpace;
            if (free < options.MinFreeBytes)
            {
                return $"the storage root '{options.Root}' has {free / (1024 * 1024)} MiB free, under {MediaStorageOptions.Section}:{nameof(options.MinFreeBytes)} ({options.MinFreeBytes / (1024 * 1024)} MiB)";
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return $"the storage root '{options.Root}' cannot be read: {e.Message}";
        }
        return null;
    }

    private void Fail(string error)
    {
        _error = error;
        _retryAt = clock.GetUtcNow() + RetryAfter;
    }
}
