namespace Orleans.Video.Inference.Tests;

public sealed class NmsTests
{
    [Fact]
    public void No_candidates_gives_no_detections()
    {
        Assert.Empty(Nms.Apply([], 0.45f, 100));
    }

    [Fact]
    public void Identical_boxes_of_one_class_keep_only_the_best()
    {
        var box = new Box(10, 10, 50, 50);

        var kept = Nms.Apply([new(box, 0.6f, 0), new(box, 0.9f, 0), new(box, 0.7f, 0)], 0.45f, 100);

        Assert.Equal([new ScoredBox(box, 0.9f, 0)], kept);
    }

    [Fact]
    public void Overlapping_boxes_with_equal_scores_keep_the_first()
    {
        // A pixel apart, so which one survived can be told: IoU about 0.96, far over the threshold.
        var first = new ScoredBox(new Box(10, 10, 50, 50), 0.5f, 3);
        var second = new ScoredBox(new Box(11, 10, 50, 50), 0.5f, 3);

        Assert.Equal([first], Nms.Apply([first, second], 0.45f, 100));
        Assert.Equal([second], Nms.Apply([second, first], 0.45f, 100));
    }

    [Fact]
    public void Identical_boxes_of_different_classes_are_all_kept()
    {
        var box = new Box(10, 10, 50, 50);

        var kept = Nms.Apply([new(box, 0.6f, 0), new(box, 0.9f, 1)], 0.45f, 100);

        Assert.Equal([new ScoredBox(box, 0.9f, 1), new ScoredBox(box, 0.6f, 0)], kept);
    }

    [Fact]
    public void IoU_exactly_at_the_threshold_is_not_suppressed()
    {
        // B is the top half of A: intersection 50, union 100, IoU exactly 0.5.
        var a = new ScoredBox(new Box(0, 0, 10, 10), 0.9f, 0);
        var b = new ScoredBox(new Box(0, 0, 10, 5), 0.8f, 0);
        Assert.Equal(0.5f, a.Box.IoU(b.Box));

        Assert.Equal([a, b], Nms.Apply([a, b], 0.5f, 100));
        Assert.Equal([a], Nms.Apply([a, b], 0.49f, 100));
    }

    [Fact]
    public void Boxes_that_do_not_overlap_are_kept_up_to_the_maximum()
    {
        var candidates = Enumerable.Range(0, 10).Select(i => new ScoredBox(new Box(i * 20, 0, 10, 10), 0.5f + i * 0.01f, 0)).ToList();

        var kept = Nms.Apply(candidates, 0.45f, 3);

        Assert.Equal([candidates[9], candidates[8], candidates[7]], kept);
    }

    [Fact]
    public void A_suppressed_box_does_not_suppress_others()
    {
        // B overlaps A and C; A suppresses B, so C (overlapping only B) survives.
        var a = new ScoredBox(new Box(0, 0, 10, 10), 0.9f, 0);
        var b = new ScoredBox(new Box(4, 0, 10, 10), 0.8f, 0);
        var c = new ScoredBox(new Box(8, 0, 10, 10), 0.7f, 0);

        Assert.Equal([a, c], Nms.Apply([c, b, a], 0.3f, 100));
    }
}
