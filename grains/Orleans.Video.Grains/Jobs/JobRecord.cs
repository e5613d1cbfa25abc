namespace Orleans.Video.Grains.Jobs;

/// <summary>
/// A job as stored: what it was asked, its plan (chunk i covers frames [<see cref="ChunkFrames"/>[i],
/// [i+1]), the last to <see cref="Frames"/>), which chunks are done, and how it ended. Results are not here: each
/// chunk's go to the job tables once, through the results storage.
/// </summary>
[GenerateSerializer]
[Alias("video.JobRecord")]
public sealed class JobRecord
{
    [Id(0)] public JobSpec? Spec { get; set; }
    [Id(1)] public JobState State { get; set; }
    [Id(2)] public string? Error { get; set; }
    [Id(3)] public DateTimeOffset Created { get; set; }
    [Id(4)] public DateTimeOffset? Started { get; set; }
    [Id(5)] public DateTimeOffset? Finished { get; set; }
    [Id(6)] public double FrameRate { get; set; }
    [Id(7)] public long Frames { get; set; }

    /// <summary>Each chunk's first frame.</summary>
    [Id(8)] public long[] ChunkFrames { get; set; } = [];

    /// <summary>Each chunk's seek position (ticks from the file's start).</summary>
    [Id(9)] public long[] ChunkSeeks { get; set; } = [];

    [Id(10)] public bool[] Done { get; set; } = [];

    /// <summary>Failed attempts per chunk.</summary>
    [Id(11)] public int[] Failures { get; set; } = [];

    /// <summary>Frames that inference saw, over the done chunks.</summary>
    [Id(12)] public long FramesAnalysed { get; set; }

    /// <summary>The annotated video, once written.</summary>
    [Id(14)] public string? Output { get; set; }

    /// <summary>The picture's size, source pixels (0 in jobs planned before it was kept): tracking lets objects that walked out go.</summary>
    [Id(15)] public int Width { get; set; }

    [Id(16)] public int Height { get; set; }

    public int Chunks => ChunkFrames.Length;

    public bool Planned => Chunks > 0;

    public int FrameCount(int chunk) => (int)((chunk + 1 < Chunks ? ChunkFrames[chunk + 1] : Frames) - ChunkFrames[chunk]);
}
