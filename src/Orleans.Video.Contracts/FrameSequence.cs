namespace Orleans.Video;

/// <summary>
/// Frame sequence numbers: the decoder generation (bumped and persisted at each decoder start) in the
/// high 32 bits and the frame index within that run in the low 32, so a sequence never repeats for a
/// camera across restarts and can key idempotent writes.
/// </summary>
public static class FrameSequence
{
    public static long Create(int generation, long frameIndex) => ((long)generation << 32) | (uint)frameIndex;

    public static int Generation(long sequence) => (int)(sequence >> 32);

    public static long FrameIndex(long sequence) => sequence & 0xFFFF_FFFF;
}
