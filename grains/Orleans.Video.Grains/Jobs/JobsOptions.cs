namespace Orleans.Video.Grains.Jobs;

/// <summary>How analysis jobs are cut and run (configuration section "Jobs").</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// The least a chunk spans (it ends at the first keyframe after): long enough that ffmpeg's start (~0.08 core-s
    /// here) is a small part of it, short enough that a long file keeps every silo busy and a lost chunk costs little.
    /// </summary>
    public TimeSpan ChunkLength { get; set; } = TimeSpan.FromSeconds(20);

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

    public int Slots => ChunksPerSilo > 0 ? ChunksPerSilo : Environment.ProcessorCount;
}
