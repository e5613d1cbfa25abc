using Orleans.Video.Storage.Results;

namespace Orleans.Video.Grains.Tests;

public sealed class RetentionTests
{
    [Fact]
    public void A_day_of_detections_expires_only_when_all_of_it_is_older_than_the_cutoff()
    {
        var day = new DateOnly(2026, 11, 22);
        var partition = DetectionStore.PartitionName(day);
        Assert.Equal("video_detections_20261122", partition);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), DetectionStore.PartitionDay(partition));

        Assert.False(DetectionStore.IsExpired(partition, new DateTimeOffset(2026, 11, 22, 23, 59, 59, TimeSpan.Zero))); // the day's last second is younger
        Assert.True(DetectionStore.IsExpired(partition, new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero)));
        // Tables the store did not name are never dropped.
        Assert.False(DetectionStore.IsExpired("video_detections", DateTimeOffset.MaxValue));
        Assert.False(DetectionStore.IsExpired("video_detections_default", DateTimeOffset.MaxValue));
        Assert.False(DetectionStore.IsExpired("video_events_20261122", DateTimeOffset.MaxValue));
    }

    [Fact]
    public void Stored_detections_read_back_as_written_with_their_labels_in_order()
    {
        Detection[] detections =
        [
            new("person", 0, 0.91f, new Box(1.5f, 2, 300, 400.25f)),
            new("Car", 2, 0.5f, new Box(-3, 0, 10, 10)),
            new("person", 0, 0.33f, new Box(7, 8, 9, 10)),
            new("чайник", 700, 1f, new Box(0, 0, 1, 1)),
        ];

        var bytes = DetectionRows.Encode(detections);

        Assert.Equal(detections, DetectionRows.Decode(bytes));
        Assert.Equal(["person", "car", "чайник"], DetectionRows.Labels(detections));
        Assert.True(bytes.Length < 30 * detections.Length, $"{bytes.Length} bytes for {detections.Length} detections");
    }

    [Fact]
    public void Corrupt_or_foreign_detection_bytes_are_refused_with_a_clear_error()
    {
        var bytes = DetectionRows.Encode([new Detection("person", 0, 0.9f, new Box(1, 2, 3, 4))]);

        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => DetectionRows.Decode(bytes[..^3])).Message);
        var future = (byte[])bytes.Clone();
        future[0] = 9;
        Assert.Contains("format 9", Assert.Throws<InvalidDataException>(() => DetectionRows.Decode(future)).Message);
    }
}
