namespace Orleans.Video.Grains.Jobs;

[GenerateSerializer]
[Alias("video.JobRegistryRecord")]
public sealed class JobRegistryRecord
{
    /// <summary>Every job, oldest first (job ids sort by submission time).</summary>
    [Id(0)] public SortedSet<string> Jobs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Jobs not yet ended.</summary>
    [Id(1)] public SortedSet<string> Active { get; set; } = new(StringComparer.Ordinal);
}
