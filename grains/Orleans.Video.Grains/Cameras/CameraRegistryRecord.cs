namespace Orleans.Video.Grains.Cameras;

[GenerateSerializer]
[Alias("video.CameraRegistryRecord")]
public sealed class CameraRegistryRecord
{
    [Id(0)] public SortedSet<string> Cameras { get; set; } = new(StringComparer.Ordinal);
}
