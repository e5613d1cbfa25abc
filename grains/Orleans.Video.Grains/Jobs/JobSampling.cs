namespace Orleans.Video.Grains.Jobs;

/// <summary>
/// Which of a file's frames a job analyses: at <c>fps</c>, the first frame of each 1/fps slot of media time, counted
/// from the file's start. The choice depends on the frame number alone, so however the file is cut into chunks the
/// same frames are analysed, and tracking sees the same sequence.
/// </summary>
public static class JobSampling
{
    public static bool Takes(long frame, double frameRate, double fps) =>
        fps <= 0 || fps >= frameRate || frame == 0 || Slot(frame, frameRate, fps) != Slot(frame - 1, frameRate, fps);

    /// <summary>A frame's media time: its number over the frame rate, to the tick, the same for every chunk and worker.</summary>
    public static TimeSpan TimeOf(long frame, double frameRate) => new((long)Math.Round(frame * TimeSpan.TicksPerSecond / frameRate));

    // A millionth of a slot absorbs floating-point error at exact multiples (25 fps at 5: every 5th frame).
    private static long Slot(long frame, double frameRate, double fps) => (long)Math.Floor(frame * fps / frameRate + 1e-6);
}
