using System.Globalization;

namespace Orleans.Video.Media;

/// <summary>
/// The recording of one ffmpeg process: its session folder, the wall-clock time of its first frame (kept in a file
/// beside the segments, so a session whose silo died can still be indexed by the next one), and its segment list.
/// </summary>
public sealed class RecordingSession
{
    /// <summary>Holds the wall-clock time (Unix milliseconds) of the session's stream time zero.</summary>
    public const string StartFile = "start";

    private readonly string _root;
    private readonly SegmentList _list;
    private readonly HashSet<string> _listed = new(StringComparer.Ordinal);
    /// <summary>Where the last listed segment ends, in stream time: the next one begins there.</summary>
    private TimeSpan _listedEnd;

    public RecordingSession(string root, string relativeDirectory, TimeSpan segmentLength)
    {
        _root = root;
        RelativeDirectory = relativeDirectory;
        Target = new RecordingTarget(RecordingLayout.Resolve(root, relativeDirectory), segmentLength);
        _list = new SegmentList(Target.SegmentList);
    }

    public string RelativeDirectory { get; }

    public RecordingTarget Target { get; }

    /// <summary>Wall-clock time of stream time zero; null until the first frame arrived.</summary>
    public DateTimeOffset? Anchor { get; private set; }

    /// <summary>The ffmpeg process has exited: once its list is read, the session is done.</summary>
    public bool Ended { get; set; }

    /// <summary>Sets the session's wall-clock anchor and writes it beside the segments.</summary>
    public void Start(DateTimeOffset anchor)
    {
        Anchor = anchor;
        File.WriteAllText(Path.Combine(Target.Directory, StartFile), anchor.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Reopens a session folder left by a process that is gone.</summary>
    public static RecordingSession Reopen(string root, string relativeDirectory, TimeSpan segmentLength)
    {
        var session = new RecordingSession(root, relativeDirectory, segmentLength) { Ended = true };
        try
        {
            var text = File.ReadAllText(Path.Combine(session.Target.Directory, StartFile));
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
            {
                session.Anchor = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No start file: the process died before its first frame, so nothing of it was listed either.
        }
        return session;
    }

    /// <summary>
    /// Segments finished since the last call, with wall-clock times and sizes; files gone since are skipped. Times are
    /// the anchor plus stream time, so consecutive segments meet exactly. A live source delivers its first moments in
    /// a burst (what the server had buffered), so the newest segment can end up to about a second after the wall
    /// clock's now: queries that end "now" look a minute further.
    /// </summary>
    public IReadOnlyList<RecordedSegment> TakeFinished()
    {
        if (Anchor is not { } anchor)
        {
            return [];
        }
        var segments = new List<RecordedSegment>();
        foreach (var listed in _list.ReadNew())
        {
            _listed.Add(listed.FileName);
            _listedEnd = listed.End > _listedEnd ? listed.End : _listedEnd;
            var file = new FileInfo(Path.Combine(Target.Directory, listed.FileName));
            if (file.Exists && file.Length > 0)
            {
                segments.Add(new RecordedSegment(
                    anchor + listed.Start, listed.End - listed.Start, Padded(file), $"{RelativeDirectory}/{listed.FileName}"));
            }
        }
        return segments;
    }

    /// <summary>A finished segment's length, after padding it when it is too short to be recognised (<see cref="TsPadding"/>).</summary>
    private static long Padded(FileInfo file)
    {
        try
        {
            return TsPadding.ToProbeSize(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Indexed as it is: it plays where the format is named (HLS), and the storage's error shows elsewhere.
            return file.Length;
        }
    }

    /// <summary>
    /// After the last <see cref="TakeFinished"/> of a session whose process died: the segment it was writing then,
    /// which its list never named, cut to its last whole frame (the file is shortened to match) and placed right after
    /// the last listed one; null when there is none, or nothing whole in it. What was on disk before a kill -9 then
    /// plays, instead of leaving a hole of up to a segment before the camera's next session.
    /// </summary>
    public RecordedSegment? TakeCutShort()
    {
        if (Anchor is not { } anchor || !Ended)
        {
            return null;
        }
        try
        {
            // Segments are numbered in order: the one being written is the last, after every listed one.
            var last = Directory.GetFiles(Target.Directory, "*.ts").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).LastOrDefault();
            if (last is null || _listed.Contains(last) || _listed.Any(listed => string.CompareOrdinal(listed, last) > 0))
            {
                return null;
            }
            var path = Path.Combine(Target.Directory, last);
            if (TsCutShort.Measure(path) is not var (duration, length))
            {
                return null;
            }
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            {
                file.SetLength(length);
            }
            _listed.Add(last);
            return new RecordedSegment(anchor + _listedEnd, duration, TsPadding.ToProbeSize(path), $"{RelativeDirectory}/{last}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Storage went away: Close keeps the folder, and the next recovery pass finds it again.
            return null;
        }
    }

    /// <summary>
    /// After the last <see cref="TakeFinished"/> of an ended session: removes its list, its start file and any segment
    /// its list never named (the one being written when its process died), and the folder if nothing is left in it.
    /// </summary>
    public void Close()
    {
        try
        {
            // The names first, then the deletions: a folder changed while it is being read may skip entries.
            foreach (var file in Directory.GetFiles(Target.Directory))
            {
                var name = Path.GetFileName(file);
                if (name is StartFile or RecordingLayout.SegmentListFile || (name.EndsWith(".ts", StringComparison.Ordinal) && !_listed.Contains(name)))
                {
                    File.Delete(file);
                }
            }
            if (!Directory.EnumerateFileSystemEntries(Target.Directory).Any())
            {
                Directory.Delete(Target.Directory);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Storage went away: the next recovery pass finds the folder again.
        }
    }

    public override string ToString() => RelativeDirectory;
}
