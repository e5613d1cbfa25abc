namespace Orleans.Video;

/// <summary>The grain storage the silo registers and the grains name in <c>[PersistentState]</c>.</summary>
public static class GrainStorageNames
{
    /// <summary>Cameras, the registry, recordings' indexes and event snapshots: one state row per grain.</summary>
    public const string Video = "video";

    /// <summary>Detections and events: appended to tables of their own and indexed across cameras.</summary>
    public const string Results = "results";
}
