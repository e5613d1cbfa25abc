namespace Orleans.Video.Media;

/// <summary>A camera source as the decoder treats it: a local file, or a live network stream.</summary>
public sealed record VideoSource(string Location, bool IsFile)
{
    public static VideoSource Parse(string source) =>
        new(source, !source.Contains("://", StringComparison.Ordinal));

    public string Scheme => IsFile ? "file" : Location[..Location.IndexOf("://", StringComparison.Ordinal)].ToLowerInvariant();
}
