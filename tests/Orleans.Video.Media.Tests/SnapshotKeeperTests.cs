using OpenCvSharp;

namespace Orleans.Video.Media.Tests;

public sealed class SnapshotKeeperTests
{
    // A 400x400 source shown at 200x200: everything drawn is scaled by one half.
    private static readonly Letterbox Frame = Letterbox.Fit(400, 400, 200, 200);

    /// <summary>A black I420 frame: luma 16 (BT.601 black), neutral chroma.</summary>
    private static byte[] Black(int width, int height)
    {
        var i420 = new byte[I420.Length(width, height)];
        i420.AsSpan(0, width * height).Fill(16);
        i420.AsSpan(width * height).Fill(128);
        return i420;
    }

    [Fact]
    public void Keeping_a_frame_hands_back_the_buffer_of_the_one_it_replaces()
    {
        var keeper = new SnapshotKeeper();
        Assert.Null(keeper.RenderJpeg());
        var first = Black(200, 200);
        var second = Black(200, 200);
        Assert.Null(keeper.Keep(first, Frame, []));
        Assert.Same(first, keeper.Keep(second, Frame, []));
        Assert.NotNull(keeper.RenderJpeg());
    }

    [Fact]
    public void Snapshots_outline_the_zones_and_mark_an_events_object_apart_from_the_others()
    {
        var zone = new Zone("door", [new(200, 200), new(380, 200), new(380, 380), new(200, 380)]);
        var keeper = new SnapshotKeeper([zone]);
        var person = new Detection("person", 0, 0.9f, new Box(20, 20, 100, 100));
        var other = new Detection("person", 0, 0.8f, new Box(20, 240, 100, 100));
        keeper.Keep(Black(200, 200), Frame, [person, other]);

        using var image = Cv2.ImDecode(keeper.RenderJpeg((person.Box, "person #1"))!, ImreadModes.Color);
        Assert.Equal(new Size(200, 200), image.Size());
        var zoneEdge = image.At<Vec3b>(140, 100);          // left edge of the zone, source (200, 280) → (100, 140)
        var highlighted = image.At<Vec3b>(35, 10);         // left edge of the event's box, source (20, 70) → (10, 35)
        var plain = image.At<Vec3b>(145, 10);              // left edge of the other box, source (20, 290) → (10, 145)
        var inside = image.At<Vec3b>(160, 160);
        Assert.True(zoneEdge.Item0 > 150 && zoneEdge.Item2 < 100, $"zone outline is blue (BGR {zoneEdge})");
        Assert.True(highlighted.Item2 > 150 && highlighted.Item0 < 100, $"the event's box is amber (BGR {highlighted})");
        Assert.True(plain.Item1 > 150 && plain.Item2 < 100, $"other boxes are green (BGR {plain})");
        Assert.True(inside.Item0 + inside.Item1 + inside.Item2 < 60, $"nothing drawn inside (BGR {inside})");
    }
}
