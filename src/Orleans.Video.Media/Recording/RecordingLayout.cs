using System.Security.Cryptography;

namespace Orleans.Video.Media;

/// <summary>
/// Where recordings lie under the media storage root:
/// <c>recordings/{camera}/{yyyy-MM-dd}/{HHmmss}-{random}/00000.ts</c>, one folder per ffmpeg process. The random
/// part makes every process's folder its own, so no two decoders (a camera moving, a silo presumed dead) ever write
/// the same file. Paths are made here and stored in the index; a request never names one.
/// </summary>
public static class RecordingLayout
{
    public const string RecordingsFolder = "recordings";

    /// <summary>ffmpeg's list of finished segments in a session folder: a line is written once a segment is closed.</summary>
    public const string SegmentListFile = "segments.csv";

    public const string SegmentPattern = "%05d.ts";

    /// <summary>A new session folder, relative to the root, for a camera whose recording starts at <paramref name="start"/>.</summary>
    public static string NewSession(string cameraId, DateTimeOffset start)
    {
        if (CameraId.Validate(cameraId) is { } error)
        {
            throw new ArgumentException(error, nameof(cameraId));
        }
        var utc = start.UtcDateTime;
        var random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        return string.Join('/', RecordingsFolder, cameraId, utc.ToString("yyyy-MM-dd"), $"{utc:HHmmss}-{random}");
    }

    public const string SnapshotsFolder = "snapshots";

    /// <summary>Where an event's snapshot lies, relative to the root; null for an id that is not a plain file name.</summary>
    public static string? Snapshot(string cameraId, string eventId) =>
        CameraId.Validate(cameraId) is null && eventId.Length is > 0 and <= 200 && eventId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            && eventId[0] != '.'
            ? $"{SnapshotsFolder}/{cameraId}/{eventId}.jpg"
            : null;

    /// <summary>The camera's folder of recordings, relative to the root.</summary>
    public static string Camera(string cameraId) => $"{RecordingsFolder}/{cameraId}";

    /// <summary>
    /// The absolute path of a stored relative path, refusing anything that would leave the root (an index written
    /// by hand, a bug): the root is trusted, stored paths are checked.
    /// </summary>
    public static string Resolve(string root, string relative)
    {
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(fullRoot, relative));
        if (!full.StartsWith(fullRoot, StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new ArgumentException($"'{relative}' is not inside the media storage root", nameof(relative));
        }
        return full;
    }
}
