namespace Orleans.Video.Grains.Jobs;

/// <summary>
/// Which worker has which of a job's chunks: each chunk handed out is leased under an attempt number, renewed by the
/// worker's progress reports, and ends when the chunk is completed or failed under that attempt, or when the lease
/// expires. An expired chunk goes to the next worker that asks; a report or result under an older attempt is then
/// refused, so a chunk's results are stored once however many workers ran it. In memory only: a new activation of
/// the job starts with none and takes back the chunks whose workers report (<see cref="Report"/>).
/// </summary>
public sealed class ChunkLeases(int firstAttempt)
{
    private readonly Dictionary<int, Lease> _leases = [];
    private int _nextAttempt = firstAttempt;

    /// <param name="Frames">How many of the chunk's frames the worker has decoded, as of its last report.</param>
    public sealed record Lease(string Worker, int Attempt, DateTimeOffset At, int Frames);

    /// <summary>Leases to <paramref name="worker"/> the first chunk that is neither done nor leased; null when there is none.</summary>
    /// <returns>The chunk and the attempt the worker reports under.</returns>
    public (int Chunk, int Attempt)? Take(string worker, IReadOnlyList<bool> done, DateTimeOffset now)
    {
        for (var chunk = 0; chunk < done.Count; chunk++)
        {
            if (done[chunk] || _leases.ContainsKey(chunk))
            {
                continue;
            }
            var attempt = _nextAttempt++;
            _leases[chunk] = new Lease(worker, attempt, now, 0);
            return (chunk, attempt);
        }
        return null;
    }

    /// <summary>
    /// Renews a worker's lease with its progress; false when the chunk has been handed to another attempt since (the
    /// worker should stop). A chunk no lease is known for becomes the reporting worker's: the job's activation is new
    /// and the worker was running it before.
    /// </summary>
    public bool Report(string worker, int chunk, int attempt, int framesDecoded, DateTimeOffset now)
    {
        if (_leases.TryGetValue(chunk, out var lease) && lease.Attempt != attempt)
        {
            return false;
        }
        _leases[chunk] = new Lease(worker, attempt, now, framesDecoded);
        return true;
    }

    /// <summary>Ends the chunk's lease if it is still <paramref name="attempt"/>'s (completed or failed); a stale attempt changes nothing.</summary>
    public void Release(int chunk, int attempt)
    {
        if (_leases.TryGetValue(chunk, out var lease) && lease.Attempt == attempt)
        {
            _leases.Remove(chunk);
        }
    }

    /// <summary>
    /// Ends the leases whose worker is gone (<paramref name="isGone"/>: its silo is dead) or has not reported for
    /// <paramref name="timeout"/>, and returns them, the gone ones marked, so the caller can say why.
    /// </summary>
    public IReadOnlyList<(int Chunk, Lease Lease, bool Gone)> Expire(DateTimeOffset now, TimeSpan timeout, Func<string, bool> isGone)
    {
        var expired = new List<(int, Lease, bool)>();
        foreach (var (chunk, lease) in _leases.ToArray())
        {
            var gone = isGone(lease.Worker);
            if (gone || now - lease.At > timeout)
            {
                _leases.Remove(chunk);
                expired.Add((chunk, lease, gone));
            }
        }
        return expired;
    }

    /// <summary>The frames decoded so far of a leased chunk, as last reported; 0 when it is not leased.</summary>
    public int FramesOf(int chunk) => _leases.TryGetValue(chunk, out var lease) ? lease.Frames : 0;

    /// <summary>Ends every lease: the job has ended, and what its workers report is refused.</summary>
    public void Clear() => _leases.Clear();
}
