using Microsoft.Extensions.Logging;
using Orleans.Video.Media;

namespace Orleans.Video.Grains.Recordings;

/// <summary>Deletes segment files under the media storage root, with the session folder they leave empty.</summary>
internal static partial class SegmentFiles
{
    public static void Delete(string root, IEnumerable<RecordedSegment> segments, ILogger logger)
    {
        foreach (var segment in segments)
        {
            try
            {
                var path = RecordingLayout.Resolve(root, segment.Path);
                File.Delete(path);
                var folder = Path.GetDirectoryName(path)!;
                if (!Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    Directory.Delete(folder);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // The index entry is gone already: a file left behind takes space but is never served.
                LogNotDeleted(logger, segment.Path, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording segment {Path} not deleted: {Error}")]
    private static partial void LogNotDeleted(ILogger logger, string path, string error);
}
