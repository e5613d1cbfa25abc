namespace Orleans.Video;

/// <summary>What an API key may do; each role may do everything the ones before it may.</summary>
public enum ApiRole
{
    /// <summary>Watch (live video, snapshots), query (detections, events, recordings, jobs' results) and export clips.</summary>
    Viewer = 0,

    /// <summary>Also add, change and remove cameras, and submit, cancel and remove jobs.</summary>
    Operator = 1,

    /// <summary>Also manage API keys and read notification targets and the audit log; the dashboard.</summary>
    Admin = 2,
}
