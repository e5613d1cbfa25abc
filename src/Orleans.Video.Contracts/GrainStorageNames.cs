namespace Orleans.Video;

/// <summary>The grain storage the silo registers and the grains name in <c>[PersistentState]</c>.</summary>
public static class GrainStorageNames
{
    /// <summary>Cameras, the registry, events and detections.</summary>
    public const string Video = "video";
}
