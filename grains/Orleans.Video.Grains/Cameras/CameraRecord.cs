namespace Orleans.Video.Grains.Cameras;

/// <summary>A camera's persisted state: what it decodes, whether it should run, and its decoder generation and track numbers.</summary>
[GenerateSerializer]
[Alias("video.CameraRecord")]
public sealed class CameraRecord
{
    [Id(0)] public CameraConfig? Config { get; set; }

    /// <summary>The camera should be running: set by Start, cleared by Stop. Reactivation honours it.</summary>
    [Id(1)] public bool Enabled { get; set; }

    /// <summary>Bumped and persisted before each decoder start; the high half of every frame sequence.</summary>
    [Id(2)] public int Generation { get; set; }

    /// <summary>
    /// Track numbers (the short <c>#17</c> people see) up to this one are handed out or reserved for the running decoder:
    /// the next run starts above it, so no restart, crash included, reuses a number.
    /// </summary>
    [Id(3)] public long TrackNumbers { get; set; }
}
