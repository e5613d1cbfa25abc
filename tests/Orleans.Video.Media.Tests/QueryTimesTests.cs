namespace Orleans.Video.Media.Tests;

/// <summary>Query times and cursors at the calendar's edges are refused with the rule instead of overflowing in a store.</summary>
public sealed class QueryTimesTests
{
    [Fact]
    public void Queries_name_times_from_1970_to_before_9999()
    {
        Assert.Null(new DetectionQuery(From: new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero)).Error());
        Assert.Equal(QueryTimes.Rule, new DetectionQuery(To: DateTimeOffset.MaxValue).Error());
        Assert.Equal(QueryTimes.Rule, new DetectionQuery(From: DateTimeOffset.MinValue).Error());
        Assert.Equal(QueryTimes.Rule, new DetectionQuery(Before: new DetectionCursor(DateTimeOffset.MaxValue, 1, 0)).Error());
        Assert.Equal(QueryTimes.Rule, new EventQuery(To: new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero)).Error());
        Assert.Equal(QueryTimes.Rule, new EventQuery(Before: new EventCursor(DateTimeOffset.MinValue, "c", "e")).Error());
        Assert.False(QueryTimes.InRange(DateTimeOffset.MaxValue.UtcTicks));
        Assert.True(QueryTimes.InRange(QueryTimes.Earliest.UtcTicks));
    }
}
