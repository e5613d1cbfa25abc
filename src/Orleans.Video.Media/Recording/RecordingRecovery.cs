namespace Orleans.Video.Media;

/// <summary>
/// Finds a camera's session folders whose ffmpeg process is gone without closing them: its silo was killed, or it
/// lost the storage. Their segment lists still name every segment they finished, so those can be indexed, and the one
/// they were writing when they stopped is kept up to its last whole frame (<see cref="RecordingSession.TakeCutShort"/>).
/// </summary>
public static class RecordingRecovery
{
    /// <param name="isOwn">Sessions of the running decoder, which are not orphans.</param>
    /// <param name="quiet">A session with a file written more recently than this may still have a process: left alone.</param>
    public static IReadOnlyList<RecordingSession> FindOrphans(
        MediaStorageOptions options, string cameraId, Func<string, bool> isOwn, TimeSpan quiet, DateTimeOffset now)
    {
        var orphans = new List<RecordingSession>();
        string cameraFolder;
        try
        {
            cameraFolder = RecordingLayout.Resolve(options.Root, RecordingLayout.Camera(cameraId));
            if (!Directory.Exists(cameraFolder))
            {
                return orphans;
            }
            foreach (var day in Directory.EnumerateDirectories(cameraFolder))
            {
                foreach (var folder in Directory.EnumerateDirectories(day))
                {
                    var relative = string.Join('/', RecordingLayout.Camera(cameraId), Path.GetFileName(day), Path.GetFileName(folder));
                    if (isOwn(relative) || !IsOpen(folder) || LastWrite(folder) > now - quiet)
                    {
                        continue;
                    }
                    orphans.Add(RecordingSession.Reopen(options.Root, relative, options.SegmentLength));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Storage is away: the camera's recording error says so; the next pass finds these again.
        }
        return orphans;
    }

    /// <summary>A closed session has neither its list nor its start file left.</summary>
    private static bool IsOpen(string folder) =>
        File.Exists(Path.Combine(folder, RecordingLayout.SegmentListFile)) || File.Exists(Path.Combine(folder, RecordingSession.StartFile));

    private static DateTimeOffset LastWrite(string folder) =>
        Directory.EnumerateFiles(folder).Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max();
}
