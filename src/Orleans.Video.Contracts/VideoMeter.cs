namespace Orleans.Video;

/// <summary>The product's own meter; exporters subscribe to it by this name next to Orleans' <c>Microsoft.Orleans</c> meter.</summary>
public static class VideoMeter
{
    public const string Name = "Orleans.Video";
}
