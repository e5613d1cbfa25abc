namespace Orleans.Video.Sources;

/// <summary>A camera source as the decoder treats it: a local file, or a live network stream.</summary>
/// <param name="OwnFolder">
/// A folder of files the silo wrote itself (a job's upload, a camera's range exported for a job): a file there is read
/// whatever <see cref="SourceOptions.MediaRoots"/> says, and nothing else under the storage root is. Null for every
/// source a user names.
/// </param>
/// <param name="TlsVerify">For rtsps: whether the camera's certificate must be trusted for its host name (the relay checks it).</param>
public sealed record VideoSource(string Location, bool IsFile, string? OwnFolder = null, bool TlsVerify = true)
{
    public static VideoSource Parse(string source) =>
        new(source, !source.Contains("://", StringComparison.Ordinal));

    public string Scheme => IsFile ? "file" : Location[..Location.IndexOf("://", StringComparison.Ordinal)].ToLowerInvariant();
}
