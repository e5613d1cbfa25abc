using System.Globalization;

namespace Orleans.Video;

/// <summary>Job ids: the submission time to the second, then random hex, so they sort by submission.</summary>
public static class JobId
{
    public static string New(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{now.UtcDateTime:yyyyMMdd'T'HHmmss}-{Random.Shared.Next():x8}");

    /// <summary>Returns null when <paramref name="id"/> is a valid job id (the rule of camera ids), else why not.</summary>
    public static string? Validate(string? id) => CameraId.Validate(id);
}
