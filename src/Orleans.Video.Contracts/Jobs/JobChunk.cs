namespace Orleans.Video;

/// <summary>
/// A piece of a job's file that one worker analyses: the frames from a keyframe up to the next chunk's keyframe, so
/// ffmpeg starts it by seeking, with nothing before it to decode.
/// </summary>
/// <param name="Index">The chunk's place in the file, from 0.</param>
/// <param name="Attempt">The lease's number: a late report from an earlier lease of the chunk is told apart.</param>
/// <param name="Seek">Where ffmpeg seeks to (the keyframe's time from the file's start); zero for the first chunk.</param>
/// <param name="FirstFrame">The file's frame number of the chunk's first frame.</param>
/// <param name="FrameCount">Frames in the chunk.</param>
/// <param name="FrameRate">The file's frame rate: a frame's number over it is its media time.</param>
[GenerateSerializer, Immutable]
[Alias("video.JobChunk")]
public sealed record JobChunk(
    [property: Id(0)] string JobId,
    [property: Id(1)] int Index,
    [property: Id(2)] int Attempt,
    [property: Id(3)] string Source,
    [property: Id(4)] TimeSpan Seek,
    [property: Id(5)] long FirstFrame,
    [property: Id(6)] int FrameCount,
    [property: Id(7)] double FrameRate,
    [property: Id(8)] JobOptions Options);

/// <summary>One analysed frame of a job that found something.</summary>
/// <param name="Frame">The file's frame number.</param>
/// <param name="Time">Its media time (frame number over frame rate).</param>
[GenerateSerializer, Immutable]
[Alias("video.JobFrame")]
public sealed record JobFrame(
    [property: Id(0)] long Frame,
    [property: Id(1)] TimeSpan Time,
    [property: Id(2)] IReadOnlyList<Detection> Detections);

/// <summary>What a worker found in a chunk: every analysed frame with a detection, in frame order.</summary>
/// <param name="FramesDecoded">Frames ffmpeg delivered: the chunk's <see cref="JobChunk.FrameCount"/> when the file is whole.</param>
/// <param name="FramesAnalysed">Of those, the frames inference saw (all, or those the job's fps picked).</param>
[GenerateSerializer, Immutable]
[Alias("video.JobChunkResult")]
public sealed record JobChunkResult(
    [property: Id(0)] IReadOnlyList<JobFrame> Frames,
    [property: Id(1)] int FramesDecoded,
    [property: Id(2)] int FramesAnalysed);
