using System.Text.Json;
using Orleans.Video.Notifications;

namespace Orleans.Video.Notifications.Tests;

public sealed class EventNoticeTests
{
    private static readonly VideoEvent Open = new()
    {
        CameraId = "yard",
        Id = "7:object",
        Kind = EventKind.Object,
        Label = "car",
        TrackId = 7,
        Start = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero),
        BestScore = 0.9f,
        BestBox = new Box(10, 20, 30, 40),
        BestSequence = 41,
        HasSnapshot = true,
    };

    [Fact]
    public void A_stored_change_tells_a_start_a_better_snapshot_an_end_or_nothing()
    {
        Assert.Equal([EventNoticeKind.Start], EventNotice.From(Open, isNew: true, newSnapshot: true).Select(n => n.Kind));
        Assert.Equal([EventNoticeKind.Snapshot], EventNotice.From(Open, isNew: false, newSnapshot: true).Select(n => n.Kind));
        Assert.Empty(EventNotice.From(Open, isNew: false, newSnapshot: false));
        var ended = Open with { End = Open.Start.AddSeconds(5) };
        Assert.Equal([EventNoticeKind.End], EventNotice.From(ended, isNew: false, newSnapshot: true).Select(n => n.Kind));
        // A short event that began and ended between two writes still tells both.
        Assert.Equal([EventNoticeKind.Start, EventNoticeKind.End], EventNotice.From(ended, isNew: true, newSnapshot: false).Select(n => n.Kind));
    }

    [Fact]
    public void Idempotency_keys_differ_per_update_and_repeat_for_the_same_update()
    {
        var keys = new[]
        {
            new EventNotice(EventNoticeKind.Start, Open).IdempotencyKey,
            new EventNotice(EventNoticeKind.Snapshot, Open).IdempotencyKey,
            new EventNotice(EventNoticeKind.Snapshot, Open with { BestSequence = 90 }).IdempotencyKey,
            new EventNotice(EventNoticeKind.End, Open).IdempotencyKey,
        };
        Assert.Equal(keys.Length, keys.Distinct().Count());
        Assert.Equal("yard/7:object/start", keys[0]);
        Assert.Equal(keys[1], new EventNotice(EventNoticeKind.Snapshot, Open with { LastSeen = DateTimeOffset.UtcNow }).IdempotencyKey);
    }

    [Fact]
    public void The_payload_carries_the_kind_key_camera_and_event_as_the_api_shows_it()
    {
        var json = JsonDocument.Parse(NotificationPayload.Event(new EventNotice(EventNoticeKind.Start, Open))).RootElement;
        Assert.Equal("start", json.GetProperty("type").GetString());
        Assert.Equal("yard/7:object/start", json.GetProperty("key").GetString());
        Assert.Equal("yard", json.GetProperty("camera").GetString());
        var e = json.GetProperty("event");
        Assert.Equal("object", e.GetProperty("kind").GetString());
        Assert.Equal("car", e.GetProperty("label").GetString());
        Assert.Equal(JsonValueKind.Null, e.GetProperty("end").ValueKind);
        Assert.Equal(30, e.GetProperty("width").GetSingle());
        Assert.Equal("/api/cameras/yard/events/7%3Aobject/snapshot", e.GetProperty("snapshot").GetString());
    }
}
