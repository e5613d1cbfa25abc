namespace Orleans.Video.Grains.Jobs;

/// <summary>How analysis jobs are cut and run (configuration section "Jobs").</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// The longest a chunk is planned to span (it ends at the first keyframe after): long enough that ffmpeg's start
    /// (~0.08 core-s here) is a small part of it, short enough that a lost chunk costs little. A shorter file gets
    /// shorter chunks, <see cref="ChunksPerSlot"/> for every slot of the cluster, down to <see cref="MinChunkLength"/>.
    /// </summary>
    public TimeSpan ChunkLength { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The shortest a chunk is planned to span.</summary>
    public TimeSpan MinChunkLength { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Chunks planned per slot of the cluster (its silos' cores) where the file is short enough for chunks shorter
    /// than <see cref="ChunkLength"/>: with as many chunks as slots, the last chunk to finish runs alone while the
    /// others idle; with four a slot, the tail is a quarter of that.
    /// </summary>
    public int ChunksPerSlot { get; set; } = 4;

    /// <summary>The chunk length for a file of <paramref name="duration"/> on a cluster of <paramref name="slots"/> slots.</summary>
    public TimeSpan ChunkLengthFor(TimeSpan duration, int slots)
    {
        var even = duration / (Math.Max(1, slots) * ChunksPerSlot);
        return even < MinChunkLength ? MinChunkLength : even > ChunkLength ? ChunkLength : even;
    }

    /// <summary>Chunks a silo analyses at once; 0: one per core (each decoder gets one thread, below the cameras' priority).</summary>
    public int ChunksPerSilo { get; set; }

    /// <summary>Frames of one chunk at inference at once: enough to fill the engine's batches across chunks.</summary>
    public int FramesInFlight { get; set; } = 4;

    /// <summary>A chunk that failed this many times fails its job.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>A worker reports on its chunk this often; the report says whether to go on.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A chunk not reported on for this long is handed out again (its worker hung, or its job's silo restarted).</summary>
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An idle silo asks for chunks this often.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest upload <c>POST /api/jobs</c> accepts.</summary>
    public long MaxUploadBytes { get; set; } = 20L * 1024 * 1024 * 1024;

    /// <summary>Upload bytes being received at once, all silos together (each upload counts its declared length).</summary>
    public long MaxUploadBytesInFlight { get; set; } = 40L * 1024 * 1024 * 1024;

    /// <summary>Bytes the jobs' own files (uploads, exported ranges) may take under the storage root, all jobs together.</summary>
    public long MaxStoredUploadBytes { get; set; } = 200L * 1024 * 1024 * 1024;

    public int Slots => ChunksPerSilo > 0 ? ChunksPerSilo : Environment.ProcessorCount;
}
