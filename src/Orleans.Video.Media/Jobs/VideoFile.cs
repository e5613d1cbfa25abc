namespace Orleans.Video.Media.Jobs;

/// <summary>
/// A video file as a job plans it: its first video stream's frames, counted from its packets, and where its
/// keyframes are.
/// </summary>
/// <param name="FrameRate">Frames a second (the stream's average rate): a frame's number over it is its media time.</param>
/// <param name="Frames">Frames in the stream (its packets).</param>
/// <param name="Keyframes">The keyframes, in presentation order: each one's frame number and its time from the file's start.</param>
public sealed record VideoFile(string Codec, int Width, int Height, double FrameRate, long Frames, IReadOnlyList<FileKeyframe> Keyframes)
{
    public TimeSpan Duration => TimeSpan.FromSeconds(Frames / FrameRate);
}

/// <summary>A keyframe: its frame number and where ffmpeg seeks to start decoding at it.</summary>
public readonly record struct FileKeyframe(long Frame, TimeSpan Seek);
