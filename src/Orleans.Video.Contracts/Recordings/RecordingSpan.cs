namespace Orleans.Video;

/// <summary>A stretch of recording without gaps: consecutive segments whose ends meet.</summary>
[GenerateSerializer, Immutable]
[Alias("video.RecordingSpan")]
public sealed record RecordingSpan(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] DateTimeOffset End,
    [property: Id(2)] long Bytes,
    [property: Id(3)] int Segments)
{
    /// <summary>Segments closer than this count as one span: stream timestamps and wall clock disagree by a frame or two.</summary>
    public static readonly TimeSpan MaxJoin = TimeSpan.FromSeconds(1);

    /// <summary>Joins segments, in any order, into spans, oldest first.</summary>
    public static List<RecordingSpan> Join(IEnumerable<RecordedSegment> segments)
    {
        var spans = new List<RecordingSpan>();
        foreach (var segment in segments.OrderBy(s => s.Start))
        {
            if (spans.Count > 0 && segment.Start - spans[^1].End <= MaxJoin)
            {
                var last = spans[^1];
                spans[^1] = last with
                {
                    End = segment.End > last.End ? segment.End : last.End,
                    Bytes = last.Bytes + segment.Bytes,
                    Segments = last.Segments + 1,
                };
            }
            else
            {
                spans.Add(new RecordingSpan(segment.Start, segment.End, segment.Bytes, 1));
            }
        }
        return spans;
    }
}
