namespace Orleans.Video;

/// <summary>
/// How a source frame sits inside a model input: scaled by <see cref="Scale"/> (aspect kept) to
/// <see cref="ContentWidth"/> x <see cref="ContentHeight"/> and centred with padding <see cref="PadX"/>, <see cref="PadY"/>.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("video.Letterbox")]
public readonly record struct Letterbox(
    [property: Id(0)] int SourceWidth,
    [property: Id(1)] int SourceHeight,
    [property: Id(2)] int InputWidth,
    [property: Id(3)] int InputHeight,
    [property: Id(4)] int ContentWidth,
    [property: Id(5)] int ContentHeight,
    [property: Id(6)] int PadX,
    [property: Id(7)] int PadY,
    [property: Id(8)] float Scale)
{
    /// <summary>Fits a source of the given size into a model input, as ultralytics' letterbox does (centred, even split of the padding).</summary>
    public static Letterbox Fit(int sourceWidth, int sourceHeight, int inputWidth, int inputHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputHeight);
        var scale = Math.Min((float)inputWidth / sourceWidth, (float)inputHeight / sourceHeight);
        // ffmpeg's scaler wants even sizes for most pixel formats; round down to even, at least 2.
        var contentWidth = Math.Max(2, (int)Math.Round(sourceWidth * scale) & ~1);
        var contentHeight = Math.Max(2, (int)Math.Round(sourceHeight * scale) & ~1);
        contentWidth = Math.Min(contentWidth, inputWidth);
        contentHeight = Math.Min(contentHeight, inputHeight);
        return new Letterbox(
            sourceWidth, sourceHeight, inputWidth, inputHeight, contentWidth, contentHeight,
            (inputWidth - contentWidth) / 2, (inputHeight - contentHeight) / 2, scale);
    }

    /// <summary>The letterbox for a content size chosen elsewhere (by ffmpeg's scaler), centred in the input.</summary>
    public static Letterbox FromContent(int sourceWidth, int sourceHeight, int inputWidth, int inputHeight, int contentWidth, int contentHeight)
    {
        if (contentWidth > inputWidth || contentHeight > inputHeight || contentWidth <= 0 || contentHeight <= 0)
        {
            throw new ArgumentException($"content {contentWidth}x{contentHeight} does not fit the input {inputWidth}x{inputHeight}");
        }
        return new Letterbox(
            sourceWidth, sourceHeight, inputWidth, inputHeight, contentWidth, contentHeight,
            (inputWidth - contentWidth) / 2, (inputHeight - contentHeight) / 2, (float)contentWidth / sourceWidth);
    }

    /// <summary>Maps a box in model-input pixels back to source pixels, clipped to the source frame.</summary>
    public Box ToSource(Box input)
    {
        // The content was scaled separately in x and y when rounding to even sizes; use the exact ratios.
        var sx = (float)SourceWidth / ContentWidth;
        var sy = (float)SourceHeight / ContentHeight;
        var x1 = Math.Clamp((input.X - PadX) * sx, 0, SourceWidth);
        var y1 = Math.Clamp((input.Y - PadY) * sy, 0, SourceHeight);
        var x2 = Math.Clamp((input.X + input.Width - PadX) * sx, 0, SourceWidth);
        var y2 = Math.Clamp((input.Y + input.Height - PadY) * sy, 0, SourceHeight);
        return new Box(x1, y1, x2 - x1, y2 - y1);
    }
}
