namespace Orleans.Video.Media;

/// <summary>
/// One decoded frame, already scaled by ffmpeg to the letterbox content size, as <see cref="I420"/>.
/// <see cref="Planes"/> was rented from the decoder's <see cref="FrameBufferPool"/> and now belongs to the
/// callback: it keeps it or returns it. <see cref="FrameRate"/> is the rate the decoder delivers frames at (the input's,
/// or the keyframe rate asked for), when ffmpeg said.
/// </summary>
public readonly record struct DecodedFrame(byte[] Planes, long Index, TimeSpan SourceTime, Letterbox Letterbox, double? FrameRate = null);
