using Orleans.Video.Grains.Detections;
using Orleans.Video.Grains.Events;

namespace Orleans.Video.Grains.Tests;

public sealed class RetentionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 30, TimeSpan.Zero);

    [Fact]
    public void A_detection_bucket_expires_only_when_its_whole_minute_is_older_than_the_age()
    {
        var age = TimeSpan.FromDays(1);
        var boundary = Now - age; // 2026-11-22 12:00:30
        var straddling = DetectionBucket.StartOf(boundary);          // 12:00:00-12:01:00: still holds younger frames
        var before = DetectionBucket.StartOf(boundary.AddMinutes(-1)); // 11:59:00-12:00:00
        Assert.False(DetectionBucket.IsExpired(straddling, age, Now));
        Assert.True(DetectionBucket.IsExpired(before, age, Now));
        Assert.False(DetectionBucket.IsExpired(before, TimeSpan.Zero, Now)); // zero keeps everything
    }

    [Fact]
    public void Event_retention_removes_old_ended_events_then_the_oldest_over_the_count_and_never_an_open_one()
    {
        VideoEvent Event(int id, double hoursAgo, bool open = false) => new()
        {
            CameraId = "cam",
            Id = $"{id}-object",
            Kind = EventKind.Object,
            Label = "person",
            TrackId = id,
            Start = Now.AddHours(-hoursAgo),
            End = open ? null : Now.AddHours(-hoursAgo).AddMinutes(1),
        };
        // Newest first, as the log keeps them.
        var events = new List<VideoEvent> { Event(5, 1), Event(4, 2), Event(3, 3), Event(2, 50, open: true), Event(1, 60) };
        var options = new EventRetentionOptions { MaxAge = TimeSpan.FromDays(2), MaxPerCamera = 3 };

        var removed = EventRetention.Trim(events, options, Now);

        Assert.Equal(["1-object", "3-object"], removed.Select(e => e.Id).Order());
        Assert.Equal(["5-object", "4-object", "2-object"], events.Select(e => e.Id));
    }
}
