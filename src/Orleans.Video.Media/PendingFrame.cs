namespace Orleans.Video.Media;

/// <summary>A sampled, preprocessed frame waiting to be published. <see cref="Planes"/> comes from, and goes back to, the camera's buffer pool.</summary>
public sealed record PendingFrame(long Sequence, DateTimeOffset Timestamp, TimeSpan SourceTime, Letterbox Letterbox, byte[] Planes);
