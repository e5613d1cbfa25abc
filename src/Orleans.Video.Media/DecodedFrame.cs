namespace Orleans.Video.Media;

/// <summary>
/// One decoded frame, already scaled by ffmpeg to the letterbox content size, as packed BGR24.
/// <see cref="Bgr"/> is the decoder's buffer: valid only during the callback.
/// </summary>
public readonly record struct DecodedFrame(ReadOnlyMemory<byte> Bgr, long Index, TimeSpan SourceTime, Letterbox Letterbox);
