using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;
using Orleans.Video.Grains.Results;
using Orleans.Video.IntegrationTests.Support;

namespace Orleans.Video.IntegrationTests;

/// <summary>Detections and events stored by appending, and the queries across cameras that read them from indexes.</summary>
[Collection(VideoClusterCollection.Name)]
public sealed class ResultsQueryTests(VideoClusterFixture fixture)
{
    // PostgreSQL keeps times to the microsecond; whole milliseconds compare equal after the round trip.
    private static readonly DateTimeOffset Base = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeMilliseconds());

    [Fact]
    public async Task A_detection_query_across_cameras_returns_exactly_the_union_of_the_per_camera_queries()
    {
        string[] cameras = ["across-a", "across-b", "across-c"];
        var random = new Random(7);
        foreach (var (camera, c) in cameras.Select((camera, c) => (camera, c)))
        {
            var log = fixture.Client.GetGrain<IDetectionLogGrain>(camera);
            for (var i = 0; i < 40; i++)
            {
                if (i == 20)
                {
                    // A query writes what the log holds: the second half is another chunk, and its late frames reach back
                    // into the first's time.
                    await log.QueryAsync(new DetectionQuery(Limit: 1));
                }
                // Cameras share frame times (every third frame), frames hold one to three detections of mixed labels,
                // and some frames hold none (not stored, not returned).
                var time = Base.AddMilliseconds(i % 3 == 0 ? i * 200 : i * 200 + c * 7).AddSeconds(i >= 20 && i % 4 == 0 ? -3 : 0);
                var count = i % 10 == 9 ? 0 : 1 + random.Next(3);
                await log.AppendAsync(new FrameDetections
                {
                    CameraId = camera,
                    Sequence = 1000 + i,
                    Timestamp = time,
                    Model = "shapes",
                    Detections = [.. Enumerable.Range(0, count).Select(d => new Detection(random.Next(3) == 0 ? "Person" : "car", d, 0.5f + d / 10f, new Box(i, d, 10, 10)))],
                });
            }
        }

        DetectionQuery[] queries =
        [
            new(Limit: 7),
            new(Label: "person", Limit: 5),
            new(From: Base.AddSeconds(2), To: Base.AddSeconds(6), Limit: 9),
            new(From: Base.AddSeconds(1), Label: "CAR", Limit: 1000),
        ];
        foreach (var query in queries)
        {
            // Each camera's own log, every page of it (this also writes what the logs still held).
            var perCamera = new List<DetectionRecord>();
            foreach (var camera in cameras)
            {
                perCamera.AddRange(await AllPagesAsync(next => fixture.Video.QueryDetectionsAsync(camera, query with { Before = next })));
            }
            Assert.NotEmpty(perCamera);

            var across = await AllPagesAsync(next => fixture.Video.SearchDetectionsAsync(cameras, query with { Before = next }));
            Assert.Equal(Keys(perCamera).Order(), Keys(across).Order());
            Assert.Equal(across.Count, across.Distinct().Count());
            Assert.Equal(across.OrderByDescending(d => d.Timestamp).ThenByDescending(d => d.CameraId, StringComparer.Ordinal)
                .ThenByDescending(d => d.Sequence).ThenBy(d => d.Index), across);

            // Every camera of the cluster holds these three and others; a subset is the union of its members.
            var two = await AllPagesAsync(next => fixture.Video.SearchDetectionsAsync([cameras[0], cameras[2]], query with { Before = next }));
            Assert.Equal(Keys(perCamera.Where(d => d.CameraId != cameras[1])).Order(), Keys(two).Order());
            var all = await AllPagesAsync(next => fixture.Video.SearchDetectionsAsync(null, query with { Before = next }));
            Assert.Equal(Keys(perCamera).Order(), Keys(all.Where(d => cameras.Contains(d.CameraId))).Order());
        }
    }

    [Fact]
    public async Task An_event_query_across_cameras_returns_exactly_the_union_of_the_per_camera_queries()
    {
        string[] cameras = ["events-a", "events-b"];
        foreach (var camera in cameras)
        {
            var updates = Enumerable.Range(0, 30).Select(i => new EventUpdate(Event(camera, i, Base.AddSeconds(i % 10), i % 4 == 0 ? "person" : "car", i % 3 == 0 ? "door" : null), null));
            await fixture.Client.GetGrain<IEventLogGrain>(camera).RecordAsync([.. updates]);
        }

        EventQuery[] queries = [new(Limit: 7), new(Label: "PERSON", Limit: 3), new(Zone: "door", Kind: EventKind.Zone, Limit: 4), new(From: Base.AddSeconds(3), To: Base.AddSeconds(6))];
        foreach (var query in queries)
        {
            var perCamera = new List<VideoEvent>();
            foreach (var camera in cameras)
            {
                perCamera.AddRange(await AllEventPagesAsync(next => fixture.Video.QueryEventsAsync(camera, query with { Before = next })));
            }
            Assert.NotEmpty(perCamera);
            var across = await AllEventPagesAsync(next => fixture.Video.SearchEventsAsync(cameras, query with { Before = next }));
            Assert.Equal(perCamera.Select(e => (e.CameraId, e.Id)).Order(), across.Select(e => (e.CameraId, e.Id)).Order());
            Assert.Equal(across.Order(Comparer<VideoEvent>.Create(EventCursor.Order)), across);
        }
    }

    [Fact]
    public async Task An_event_that_ended_stays_ended_whatever_arrives_late()
    {
        const string camera = "late-update";
        var log = fixture.Client.GetGrain<IEventLogGrain>(camera);
        var start = Event(camera, 1, Base, "person", null) with { End = null };
        await log.RecordAsync([new EventUpdate(start, [0xFF, 0xD8, 7])]);
        var ended = start with { End = Base.AddSeconds(4), LastSeen = Base.AddSeconds(4) };
        await log.RecordAsync([new EventUpdate(ended, null)]);

        await log.RecordAsync([new EventUpdate(start with { LastSeen = Base.AddSeconds(9), BestScore = 0.99f }, null)]);
        await log.CloseOpenAsync();

        var stored = await log.GetEventAsync(start.Id);
        Assert.NotNull(stored);
        Assert.Equal(ended.End, stored.End);
        Assert.Equal(ended.LastSeen, stored.LastSeen);
        Assert.True(stored.HasSnapshot); // kept from the first update, which carried it
        Assert.Equal([0xFF, 0xD8, 7], await log.GetSnapshotAsync(start.Id));
    }

    private static VideoEvent Event(string camera, int i, DateTimeOffset start, string label, string? zone) => new()
    {
        CameraId = camera,
        Id = zone is null ? $"{i}-object" : $"{i}-zone-{zone}-1",
        Kind = zone is null ? EventKind.Object : EventKind.Zone,
        Label = label,
        Zone = zone,
        TrackId = i,
        Start = start,
        LastSeen = start.AddSeconds(3),
        End = start.AddSeconds(3),
        BestScore = 0.8f,
        BestBox = new Box(1, 2, 3, 4),
        BestSequence = 10 + i,
    };

    private static IEnumerable<(string, long, int)> Keys(IEnumerable<DetectionRecord> detections) =>
        detections.Select(d => (d.CameraId, d.Sequence, d.Index));

    private static Task<List<DetectionRecord>> AllPagesAsync(Func<DetectionCursor?, Task<DetectionPage>> page) =>
        EveryPageAsync<DetectionRecord, DetectionCursor>(async next =>
        {
            var current = await page(next);
            return (current.Items, current.Next);
        });

    private static Task<List<VideoEvent>> AllEventPagesAsync(Func<EventCursor?, Task<EventPage>> page) =>
        EveryPageAsync<VideoEvent, EventCursor>(async next =>
        {
            var current = await page(next);
            return (current.Items, current.Next);
        });

    /// <summary>Every page of a query, following its cursor to the end.</summary>
    private static async Task<List<TItem>> EveryPageAsync<TItem, TCursor>(Func<TCursor?, Task<(IReadOnlyList<TItem> Items, TCursor? Next)>> page)
        where TCursor : class
    {
        var all = new List<TItem>();
        TCursor? next = null;
        do
        {
            var (items, following) = await page(next);
            all.AddRange(items);
            next = following;
        }
        while (next is not null);
        return all;
    }
}
