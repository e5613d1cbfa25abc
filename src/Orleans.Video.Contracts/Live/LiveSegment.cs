namespace Orleans.Video;

/// <summary>
/// A piece of a camera's live video, as fragmented MP4 remuxed (not re-encoded) from the camera's input: an
/// initialisation segment (ftyp and moov: codec and picture size), or one fragment (moof and mdat: one frame).
/// A viewer appends them in the order they come; an initialisation segment comes first and again whenever the
/// camera's decoder restarts.
/// </summary>
/// <param name="ReadAt">When the camera's silo read it from ffmpeg: the wall-clock time of the frame it holds.</param>
/// <param name="Codec">Initialisation segments only: the RFC 6381 codec string (<c>avc1.64001F</c>, <c>hvc1.1.6.L93.B0</c>).</param>
[GenerateSerializer, Immutable]
[Alias("video.LiveSegment")]
public sealed record LiveSegment(
    [property: Id(0)] LiveSegmentKind Kind,
    [property: Id(1)] byte[] Data,
    [property: Id(2)] DateTimeOffset ReadAt,
    [property: Id(3)] string? Codec = null,
    [property: Id(4)] int Width = 0,
    [property: Id(5)] int Height = 0);

[GenerateSerializer]
[Alias("video.LiveSegmentKind")]
public enum LiveSegmentKind
{
    Init,

    /// <summary>A fragment that decodes on its own: where a viewer may start, or start again after falling behind.</summary>
    Keyframe,

    /// <summary>A fragment that needs the ones before it.</summary>
    Frame,
}
