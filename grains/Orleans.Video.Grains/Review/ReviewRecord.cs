namespace Orleans.Video.Grains.Review;

/// <summary>The review grain's state: "reviewed until", and the events marked after it with their start times (to prune by).</summary>
[GenerateSerializer]
[Alias("video.ReviewRecord")]
public sealed class ReviewRecord
{
    [Id(0)] public DateTimeOffset? ReviewedUntil { get; set; }
    [Id(1)] public Dictionary<string, DateTimeOffset> Events { get; set; } = [];
}
