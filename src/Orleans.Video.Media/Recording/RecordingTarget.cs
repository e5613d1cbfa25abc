namespace Orleans.Video.Media;

/// <summary>Where one ffmpeg process writes its recording: a session folder of its own, in segments of a set length.</summary>
/// <param name="Directory">The session folder's absolute path.</param>
public sealed record RecordingTarget(string Directory, TimeSpan SegmentLength)
{
    public string SegmentPattern => System.IO.Path.Combine(Directory, RecordingLayout.SegmentPattern);

    public string SegmentList => System.IO.Path.Combine(Directory, RecordingLayout.SegmentListFile);
}
