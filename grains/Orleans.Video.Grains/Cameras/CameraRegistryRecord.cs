namespace Orleans.Video.Grains.Cameras;

/// <remarks>
/// Ids 1 and 2 held the placement costs and the silos last seen until 2026-12-07; they moved to
/// <see cref="Cluster.CameraPlannerRecord"/>, and a record that still has them reads without them.
/// </remarks>
[GenerateSerializer]
[Alias("video.CameraRegistryRecord")]
public sealed class CameraRegistryRecord
{
    [Id(0)] public SortedSet<string> Cameras { get; set; } = new(StringComparer.Ordinal);
}
