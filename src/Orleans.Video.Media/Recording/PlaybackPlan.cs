namespace Orleans.Video.Media;

/// <summary>
/// The pieces of recording that cover a requested range, ready for a playlist or a clip: whole segments in the
/// middle, and at the ends byte ranges that start at the keyframe at or before "from" and stop at the first keyframe
/// at or after "to" (<see cref="TsKeyframes"/>). So what plays is the range to within one keyframe interval, by
/// stream copy. A piece that does not follow on from the one before (a gap, a new decoder) is a discontinuity.
/// </summary>
public static class PlaybackPlan
{
    /// <param name="segments">The camera's segments overlapping the range, oldest first.</param>
    public static IReadOnlyList<PlaybackPiece> Make(string root, IReadOnlyList<RecordedSegment> segments, DateTimeOffset from, DateTimeOffset to)
    {
        var pieces = new List<PlaybackPiece>(segments.Count);
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            var path = RecordingLayout.Resolve(root, segment.Path);
            long offset = 0;
            long? end = null;
            var start = segment.Start;
            var stop = segment.End;
            if (segment.Start < from || segment.End > to)
            {
                var keyframes = Keyframes(path);
                if (i == 0 && keyframes.LastOrDefault(k => segment.Start + k.Time <= from) is { Offset: > 0 } first)
                {
                    offset = first.Offset;
                    start = segment.Start + first.Time;
                }
                if (i == segments.Count - 1 && keyframes.FirstOrDefault(k => segment.Start + k.Time >= to && k.Offset > offset) is { Offset: > 0 } last)
                {
                    end = last.Offset;
                    stop = segment.Start + last.Time;
                }
            }
            var previous = pieces.Count > 0 ? pieces[^1] : null;
            var discontinuity = previous is not null
                && (start - previous.End > RecordingSpan.MaxJoin || Folder(previous.Segment.Path) != Folder(segment.Path));
            pieces.Add(new PlaybackPiece(segment, path, offset, end, start, stop, discontinuity));
        }
        return pieces;
    }

    /// <summary>A segment's keyframes; none when its file cannot be read (it is then played whole, or 404s).</summary>
    private static IReadOnlyList<Keyframe> Keyframes(string path)
    {
        try
        {
            return TsKeyframes.Scan(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string Folder(string path) => path[..Math.Max(0, path.LastIndexOf('/'))];
}

/// <summary>A segment, or the byte range [Offset, EndOffset) of one, and the wall-clock times it plays.</summary>
/// <param name="EndOffset">Null: to the end of the file.</param>
public sealed record PlaybackPiece(
    RecordedSegment Segment, string FullPath, long Offset, long? EndOffset, DateTimeOffset Start, DateTimeOffset End, bool Discontinuity)
{
    public TimeSpan Duration => End - Start;

    public bool IsWhole => Offset == 0 && EndOffset is null;

    /// <summary>Bytes of the piece; a whole segment's bytes when it is whole.</summary>
    public long Length => (EndOffset ?? Segment.Bytes) - Offset;
}
