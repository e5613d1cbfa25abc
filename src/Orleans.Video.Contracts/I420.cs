namespace Orleans.Video;

/// <summary>
/// The layout frames travel in: planar YUV 4:2:0 (ffmpeg's <c>yuv420p</c>), a full-size luma plane followed by
/// quarter-size U and V planes. Half the bytes of three colour planes, and what decoders produce anyway, so ffmpeg
/// does no colour conversion: the tensor fill converts to RGB on the way to floats.
/// </summary>
public static class I420
{
    /// <summary>Bytes of one chroma (U or V) plane: each chroma sample covers 2x2 pixels, rounded up at odd edges.</summary>
    public static int ChromaLength(int width, int height) => (width + 1) / 2 * ((height + 1) / 2);

    /// <summary>Bytes of a whole frame.</summary>
    public static int Length(int width, int height) => width * height + 2 * ChromaLength(width, height);
}
