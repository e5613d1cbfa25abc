namespace Orleans.Video;

/// <summary>What a camera keeps of its video.</summary>
public enum RecordMode
{
    /// <summary>Nothing: the camera is analysed, not recorded.</summary>
    Off,

    /// <summary>Everything, kept for <see cref="RecordConfig.ContinuousDays"/>.</summary>
    Continuous,

    /// <summary>Only what overlaps events, padded by <see cref="RecordConfig.PreSeconds"/> and <see cref="RecordConfig.PostSeconds"/>.</summary>
    Events,
}
