namespace Orleans.Video.Storage.Jobs;

/// <summary>A job's analysed chunk as stored: which frames it covered and those of them that found something.</summary>
public sealed record StoredJobChunk(int Index, long FirstFrame, int FrameCount, int FramesAnalysed, IReadOnlyList<JobFrame> Frames);
