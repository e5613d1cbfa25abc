namespace Orleans.Video.Media.Jobs;

/// <summary>A planned chunk: the frames from <see cref="FirstFrame"/> on, starting at a keyframe ffmpeg seeks to.</summary>
public readonly record struct PlannedChunk(long FirstFrame, int FrameCount, TimeSpan Seek);

/// <summary>
/// Cuts a file into chunks that start at keyframes, each at least <c>length</c> long where the keyframes allow. A
/// chunk is decoded from its keyframe with nothing before it, so no frame is decoded twice, and together they hold
/// every frame once. A file with one keyframe is one chunk.
/// </summary>
public static class ChunkPlan
{
    public static IReadOnlyList<PlannedChunk> Cut(VideoFile file, TimeSpan length)
    {
        var target = Math.Max(1, (long)Math.Round(length.TotalSeconds * file.FrameRate));
        var chunks = new List<PlannedChunk>();
        // Frames before the first keyframe (an open GOP's leading frames) decode only from the file's start.
        var start = 0L;
        var seek = TimeSpan.Zero;
        foreach (var keyframe in file.Keyframes)
        {
            if (keyframe.Frame - start >= target)
            {
                chunks.Add(new PlannedChunk(start, checked((int)(keyframe.Frame - start)), seek));
                start = keyframe.Frame;
                seek = keyframe.Seek;
            }
        }
        chunks.Add(new PlannedChunk(start, checked((int)(file.Frames - start)), seek));
        return chunks;
    }
}
