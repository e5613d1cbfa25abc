using Orleans.Video.Storage.Results;

namespace Orleans.Video.Grains.Tests;

public sealed class RetentionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

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
    public void A_chunk_reads_back_as_written_to_the_tick_with_its_labels_in_order()
    {
        StoredFrame[] frames =
        [
            new(7, Start.AddTicks(1), [new("person", 0, 0.91f, new Box(1.5f, 2, 300, 400.25f)), new("Car", 2, 0.5f, new Box(-3, 0, 10, 10))]),
            new(8, Start.AddMilliseconds(200.0001), [new("person", 0, 0.33f, new Box(7, 8, 9, 10))]),
            new(long.MaxValue, Start.AddSeconds(1), [new("чайник", 700, 1f, new Box(0, 0, 1, 1))]),
        ];

        var bytes = DetectionChunk.Encode(frames);
        var read = DetectionChunk.Decode(bytes);

        Assert.Equal(frames.Select(f => (f.Sequence, f.Timestamp)), read.Select(f => (f.Sequence, f.Timestamp)));
        Assert.Equal(frames.SelectMany(f => f.Detections), read.SelectMany(f => f.Detections));
        Assert.Equal(["person", "car", "чайник"], DetectionChunk.Labels(frames));
        Assert.True(bytes.Length < 12 * frames.Length + 30 * 4 + 40, $"{bytes.Length} bytes for 3 frames, 4 detections");
    }

    [Fact]
    public void Frames_are_cut_into_chunks_of_at_most_ten_seconds_oldest_first_and_empty_frames_are_left_out()
    {
        Detection[] one = [new("person", 0, 0.9f, new Box(1, 2, 3, 4))];
        var frames = new[] { 12.0, 0, 10, 10.5, 3, 25 }.Select((s, i) => new StoredFrame(i, Start.AddSeconds(s), one))
            .Append(new StoredFrame(99, Start.AddSeconds(1), []));

        var chunks = DetectionChunk.Split(frames);

        Assert.Equal([[0.0, 3, 10], [10.5, 12], [25]], chunks.Select(c => c.Select(f => (f.Timestamp - Start).TotalSeconds).ToArray()));
        Assert.All(chunks, c => Assert.True(c[^1].Timestamp - c[0].Timestamp <= DetectionChunk.MaxSpan));
    }

    [Fact]
    public void Corrupt_or_foreign_detection_bytes_are_refused_with_a_clear_error()
    {
        var bytes = DetectionChunk.Encode([new StoredFrame(1, Start, [new Detection("person", 0, 0.9f, new Box(1, 2, 3, 4))])]);

        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => DetectionChunk.Decode(bytes[..^3])).Message);
        var future = (byte[])bytes.Clone();
        future[0] = 9;
        Assert.Contains("format 9", Assert.Throws<InvalidDataException>(() => DetectionChunk.Decode(future)).Message);
    }
}
