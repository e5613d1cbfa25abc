namespace Orleans.Video.Inference.Tests;

public sealed class YoloDecoderTests
{
    // 1280x720 into 640x640: content 640x360 at (0, 140), and input → source is exactly x2.
    private static readonly Letterbox Hd = Letterbox.Fit(1280, 720, 640, 640);
    private static readonly string[] Labels = ["object", "other"];

    /// <summary>Anchors as (cx, cy, w, h, score class 0, score class 1), written out in YOLOv8's transposed layout [1, 6, A].</summary>
    private static float[] V8(params (float Cx, float Cy, float W, float H, float S0, float S1)[] anchors)
    {
        var a = anchors.Length;
        var data = new float[6 * a];
        for (var i = 0; i < a; i++)
        {
            var (cx, cy, w, h, s0, s1) = anchors[i];
            data[i] = cx;
            data[a + i] = cy;
            data[2 * a + i] = w;
            data[3 * a + i] = h;
            data[4 * a + i] = s0;
            data[5 * a + i] = s1;
        }
        return data;
    }

    [Fact]
    public void V8_output_is_thresholded_suppressed_per_class_and_mapped_to_source_pixels()
    {
        var output = V8(
            (100, 240, 40, 20, 0.9f, 0.1f),   // kept: "object" at input (80,230)-(120,250)
            (102, 240, 40, 20, 0.8f, 0.1f),   // same object shifted by 2 px: suppressed (IoU 0.90)
            (101, 240, 40, 20, 0.1f, 0.7f),   // overlaps, but class "other": kept
            (400, 300, 50, 50, 0.2f, 0.1f),   // below the 0.25 threshold
            (300, 50, 20, 20, 0.95f, 0f));    // entirely in the top padding: maps to nothing
        var decoder = new YoloDecoder(ModelFormat.Yolo, Labels, 0.25f, 0.45f, 100);

        var detections = decoder.Decode(output, [1, 6, 5], 0, Hd);

        Assert.Equal(
            [
                new Detection("object", 0, 0.9f, new Box(160, 180, 80, 40)),
                new Detection("other", 1, 0.7f, new Box(162, 180, 80, 40)),
            ],
            detections);
    }

    [Fact]
    public void V8_candidates_are_in_input_pixels_before_suppression()
    {
        var output = V8((100, 240, 40, 20, 0.9f, 0.1f), (102, 240, 40, 20, 0.8f, 0.1f));
        var decoder = new YoloDecoder(ModelFormat.Yolo, Labels, 0.25f, 0.45f, 100);

        var candidates = decoder.Candidates(output, [1, 6, 2], 0);

        Assert.Equal([new ScoredBox(new Box(80, 230, 40, 20), 0.9f, 0), new ScoredBox(new Box(82, 230, 40, 20), 0.8f, 0)], candidates);
    }

    [Fact]
    public void V8_decodes_the_requested_batch_item()
    {
        var first = V8((100, 240, 40, 20, 0.9f, 0f));
        var second = V8((320, 320, 64, 32, 0f, 0.6f));
        var output = first.Concat(second).ToArray();
        var decoder = new YoloDecoder(ModelFormat.Yolo, Labels, 0.25f, 0.45f, 100);

        Assert.Equal([new Detection("object", 0, 0.9f, new Box(160, 180, 80, 40))], decoder.Decode(output, [2, 6, 1], 0, Hd));
        Assert.Equal([new Detection("other", 1, 0.6f, new Box(576, 328, 128, 64))], decoder.Decode(output, [2, 6, 1], 1, Hd));
    }

    [Fact]
    public void Classes_without_a_label_are_named_by_id()
    {
        var output = V8((100, 240, 40, 20, 0.1f, 0.9f));
        var decoder = new YoloDecoder(ModelFormat.Yolo, ["object"], 0.25f, 0.45f, 100);

        var detection = Assert.Single(decoder.Decode(output, [1, 6, 1], 0, Hd));

        Assert.Equal("class1", detection.Label);
        Assert.Equal(1, detection.ClassId);
    }

    [Fact]
    public void At_most_max_detections_are_returned_best_first()
    {
        var output = V8(
            (50, 200, 10, 10, 0.5f, 0f),
            (150, 200, 10, 10, 0.7f, 0f),
            (250, 200, 10, 10, 0.6f, 0f));
        var decoder = new YoloDecoder(ModelFormat.Yolo, Labels, 0.25f, 0.45f, 2);

        var detections = decoder.Decode(output, [1, 6, 3], 0, Hd);

        Assert.Equal([0.7f, 0.6f], detections.Select(d => d.Score));
    }

    [Fact]
    public void V5_scores_are_objectness_times_class_score()
    {
        // [1, A, 5 + 2]: cx, cy, w, h, objectness, class 0, class 1.
        float[] output =
        [
            100, 240, 40, 20, 0.9f, 1.0f, 0.0f,    // 0.9 "object": kept
            102, 240, 40, 20, 0.9f, 0.5f, 0.0f,    // 0.45 "object", overlapping the first: suppressed
            101, 240, 40, 20, 0.5f, 0.2f, 0.9f,    // 0.45 "other": kept
            400, 300, 50, 50, 0.2f, 1.0f, 0.0f,    // objectness 0.2: dropped
            500, 300, 50, 50, 0.9f, 0.2f, 0.25f,   // 0.9 x 0.25 = 0.225 < 0.25: dropped
        ];
        var decoder = new YoloDecoder(ModelFormat.YoloV5, Labels, 0.25f, 0.45f, 100);

        var detections = decoder.Decode(output, [1, 5, 7], 0, Hd);

        Assert.Equal(2, detections.Count);
        Assert.Equal(("object", 0, new Box(160, 180, 80, 40)), (detections[0].Label, detections[0].ClassId, detections[0].Box));
        Assert.Equal(0.9f, detections[0].Score, 1e-6f);
        Assert.Equal(("other", 1, new Box(162, 180, 80, 40)), (detections[1].Label, detections[1].ClassId, detections[1].Box));
        Assert.Equal(0.45f, detections[1].Score, 1e-6f);
    }

    [Fact]
    public void A_wrongly_shaped_output_is_rejected()
    {
        var decoder = new YoloDecoder(ModelFormat.Yolo, Labels, 0.25f, 0.45f, 100);

        Assert.Throws<ArgumentException>(() => decoder.Decode(new float[12], [1, 12], 0, Hd));
        Assert.Throws<ArgumentOutOfRangeException>(() => decoder.Decode(new float[12], [1, 6, 2], 1, Hd));
    }
}
