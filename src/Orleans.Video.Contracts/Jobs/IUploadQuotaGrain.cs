namespace Orleans.Video;

/// <summary>
/// The cluster's budget for job uploads (a single grain, key <see cref="Key"/>): bytes being received, on every silo
/// together, and bytes stored under the shared media storage root's <c>jobs/</c> folder. A silo reserves an upload's
/// size before it reads the body and releases it when the upload is stored or refused.
/// </summary>
[Alias("video.IUploadQuotaGrain")]
public interface IUploadQuotaGrain : IGrainWithStringKey
{
    public const string Key = "uploads";

    /// <summary>Reserves <paramref name="bytes"/> for the upload <paramref name="uploadId"/>; null when granted, else why not.</summary>
    [Alias("Reserve")]
    Task<string?> ReserveAsync(string uploadId, long bytes);

    /// <summary>Ends the upload's reservation (what it wrote is counted as stored from now on).</summary>
    [Alias("Release")]
    Task ReleaseAsync(string uploadId);
}
