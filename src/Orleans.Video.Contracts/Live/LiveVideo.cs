namespace Orleans.Video;

/// <summary>How cameras and their viewers' silos agree on live video.</summary>
public static class LiveVideo
{
    /// <summary>How long a <see cref="ICameraGrain.WatchLiveAsync"/> lasts without renewal.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>How often a viewer's silo renews its lease; it renews sooner when no video came for a while (the camera moved).</summary>
    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(10);
}
