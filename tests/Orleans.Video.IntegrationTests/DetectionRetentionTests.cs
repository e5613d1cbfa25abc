using Orleans.Video.IntegrationTests.Support;

namespace Orleans.Video.IntegrationTests;

[Collection(VideoClusterCollection.Name)]
public sealed class DetectionRetentionTests(VideoClusterFixture fixture)
{
    [Fact]
    public async Task Detections_older_than_the_retention_age_are_not_kept()
    {
        const string camera = "detection-retention";
        var log = fixture.Client.GetGrain<IDetectionLogGrain>(camera);
        var now = DateTimeOffset.UtcNow;
        FrameDetections Frame(long sequence, DateTimeOffset timestamp) => new()
        {
            CameraId = camera,
            Sequence = sequence,
            Timestamp = timestamp,
            Model = "shapes",
            Detections = [new Detection("object", 0, 0.9f, new Box(1, 2, 3, 4))],
        };

        // Detections:MaxAge is 30 days by default: a frame (a late one, a replay) from before that is not stored.
        await log.AppendAsync(Frame(1, now.AddDays(-29)));
        await log.AppendAsync(Frame(2, now.AddDays(-31)));
        await log.AppendAsync(Frame(3, now.AddMinutes(-1)));
        Assert.Equal([3L, 1L], (await log.QueryAsync(new DetectionQuery())).Items.Select(d => d.Sequence));
    }
}
