using Orleans.Video.Silo.Api.Review;

namespace Orleans.Video.Silo.Tests.Api;

/// <summary>Events grouped into review items: overlapping events of one camera are one item.</summary>
public sealed class ReviewItemsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly ReviewMarks Nothing = new(null, new HashSet<string>());
    private static readonly Dictionary<string, AlertRules?> NoRules = [];

    private static VideoEvent Event(string camera, string id, int start, int? end, string label = "person", string? zone = null) => new()
    {
        CameraId = camera,
        Id = id,
        Kind = zone is null ? EventKind.Object : EventKind.Zone,
        Label = label,
        TrackId = 1,
        Zone = zone,
        Start = T0.AddSeconds(start),
        End = end is { } e ? T0.AddSeconds(e) : null,
        BestScore = 0.5f,
        HasSnapshot = true,
    };

    [Fact]
    public void Overlapping_events_of_a_camera_are_one_item_and_a_gap_or_another_camera_starts_another()
    {
        var items = ReviewItems.Group(
        [
            Event("gate", "a", 0, 10),
            Event("gate", "b", 5, 20, "car"),
            Event("gate", "c", 20, 25), // starts as b ends: still overlapping
            Event("gate", "d", 30, 35),
            Event("yard", "e", 1, 2),
        ], NoRules, Nothing, T0.AddMinutes(5));

        Assert.Equal(["gate/d", "yard/e", "gate/a"], items.Select(item => item.Id));
        var first = items[2];
        Assert.Equal(["a", "b", "c"], first.Events.Select(e => e.Id));
        Assert.Equal(T0, first.Start);
        Assert.Equal(T0.AddSeconds(25), first.End);
        Assert.Equal(["car", "person"], first.Labels);
    }

    [Fact]
    public void An_event_still_going_on_keeps_its_item_open_and_takes_in_what_starts_meanwhile()
    {
        var now = T0.AddSeconds(100);
        var items = ReviewItems.Group([Event("gate", "a", 0, null), Event("gate", "b", 90, 95)], NoRules, Nothing, now);

        var item = Assert.Single(items);
        Assert.Null(item.End);
        Assert.Equal(2, item.Events.Count);
    }

    [Fact]
    public void An_item_is_an_alert_when_any_of_its_events_is_under_the_cameras_rules()
    {
        var rules = new Dictionary<string, AlertRules?> { ["gate"] = new AlertRules(Labels: ["car"]) };
        var items = ReviewItems.Group(
        [
            Event("gate", "a", 0, 10), Event("gate", "b", 5, 8, "car"),
            Event("gate", "c", 50, 60, zone: "door"),
            Event("yard", "d", 0, 10, zone: "door"), // no rules for yard: its zone events alert
        ], rules, Nothing, T0.AddMinutes(5));

        Assert.Equal(ReviewItemView.Alert, items.Single(item => item.Id == "gate/a").Severity);
        Assert.Equal(ReviewItemView.Detection, items.Single(item => item.Id == "gate/c").Severity);
        Assert.Equal(ReviewItemView.Alert, items.Single(item => item.Id == "yard/d").Severity);
        Assert.Equal(["door"], items.Single(item => item.Id == "yard/d").Zones);
    }

    [Fact]
    public void An_item_is_reviewed_when_every_event_is_marked_or_started_before_reviewed_until()
    {
        var events = new[] { Event("gate", "a", 0, 10), Event("gate", "b", 5, 20), Event("gate", "c", 100, 110), Event("gate", "d", 200, 210) };
        var marks = new ReviewMarks(T0.AddSeconds(1), new HashSet<string> { "gate/b", "gate/c" });

        var items = ReviewItems.Group(events, NoRules, marks, T0.AddMinutes(10)).ToDictionary(item => item.Id);

        Assert.True(items["gate/a"].Reviewed); // a before "until", b marked
        Assert.True(items["gate/c"].Reviewed);
        Assert.False(items["gate/d"].Reviewed);
    }
}
