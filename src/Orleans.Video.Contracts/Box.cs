namespace Orleans.Video;

/// <summary>An axis-aligned box: top-left corner and size, in pixels.</summary>
[GenerateSerializer, Immutable]
[Alias("video.Box")]
public readonly record struct Box(
    [property: Id(0)] float X,
    [property: Id(1)] float Y,
    [property: Id(2)] float Width,
    [property: Id(3)] float Height)
{
    public float Right => X + Width;
    public float Bottom => Y + Height;
    public float Area => Math.Max(0, Width) * Math.Max(0, Height);

    /// <summary>Intersection over union; 0 when either box is empty.</summary>
    public float IoU(Box other)
    {
        var intersection = Overlap(other);
        return intersection > 0 ? intersection / (Area + other.Area - intersection) : 0;
    }

    /// <summary>The area both boxes cover; 0 when they do not meet.</summary>
    public float Overlap(Box other)
    {
        var w = Math.Min(Right, other.Right) - Math.Max(X, other.X);
        var h = Math.Min(Bottom, other.Bottom) - Math.Max(Y, other.Y);
        return w > 0 && h > 0 ? w * h : 0;
    }
}
