namespace Orleans.Video.Models;

/// <summary>
/// A deterministic stand-in for a YOLOv8 detector, used by tests and demos where no trained model may be
/// downloaded. It "detects" the single bright object in a frame: every pixel whose mean over the three
/// channels exceeds <see cref="BrightnessThreshold"/> belongs to it, so a white object on a dark background is
/// found while the letterbox pad (grey 114/255 ≈ 0.447) and black are not.
/// </summary>
/// <remarks>
/// <para>Input <c>images</c>: float [N, 3, H, W], values 0..1. Output <c>output0</c>: float [N, 6, 2] in the
/// YOLOv8 layout: rows cx, cy, w, h (model-input pixels), score of class 0 ("object"), score of class 1
/// ("other"); one column per anchor. The batch dimension N is dynamic.</para>
/// <para>Anchor 0 is the exact bounding box of the bright pixels (x1 = first bright column, x2 = last bright
/// column + 1, likewise for rows) with class-0 score 0.9, or an all-zero box with score 0 when no pixel is
/// bright. Anchor 1 is the same box shifted right by 2 pixels with class-0 score 0.8: a near-duplicate that
/// non-maximum suppression must remove (its IoU with anchor 0 is (w − 2) / (w + 2), above 0.45 for objects wider than
/// 5 px). Class 1 always scores 0.05, below any sensible threshold.</para>
/// <para>The extremes come from masks times index ramps: the last bright column is max(mask · [1..W]) and
/// the first is W − max(mask · [W..1]), so the graph needs only element-wise ops, one MatMul and ReduceMax.</para>
/// </remarks>
public static class BrightObjectDetector
{
    public const string InputName = "images";
    public const string OutputName = "output0";
    public const float BrightnessThreshold = 0.75f;
    public const float ObjectScore = 0.9f;
    public const float DuplicateScore = 0.8f;
    public const float OtherScore = 0.05f;
    public const float DuplicateShift = 2f;

    /// <summary>Class names, by class id.</summary>
    public static IReadOnlyList<string> Labels { get; } = ["object", "other"];

    /// <summary>Builds the model for a fixed input size, with a dynamic batch, and returns its serialized ONNX bytes.</summary>
    public static byte[] Build(int inputWidth, int inputHeight) => Build(inputWidth, inputHeight, batch: "N");

    /// <summary>
    /// The same model with a fixed batch size, as many exported detectors have (batch 1); lets the
    /// one-frame-per-call path of a batcher be exercised.
    /// </summary>
    public static byte[] Build(int inputWidth, int inputHeight, int fixedBatch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fixedBatch);
        return Build(inputWidth, inputHeight, batch: fixedBatch);
    }

    private static byte[] Build(int inputWidth, int inputHeight, TensorDim batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputHeight);
        var g = new OnnxGraphBuilder("bright_object_detector")
            .AddInput(InputName, batch, 3, inputHeight, inputWidth)
            .AddOutput(OutputName, batch, 4 + Labels.Count, 2);

        // Brightness [N, H, W]: the channel mean, as a matrix product [1, 3] x [N, 3, H·W] (ONNX Runtime's
        // ReduceMean over the middle axis of [N, 3, H, W] took half of the model's time).
        var pixels = g.AddNode("Reshape", [InputName, g.AddInitializer("channels_by_pixels", [0L, 3L, -1L], 3)], "pixels");
        var third = g.AddInitializer("channel_mean_weights", [1f / 3, 1f / 3, 1f / 3], 1, 3);
        var channelMean = g.AddNode("MatMul", [third, pixels], "channel_mean");
        var brightness = g.AddNode("Reshape", [channelMean, g.AddInitializer("image_shape", [-1L, inputHeight, inputWidth], 3)], "brightness");

        // Which columns [N, W] and rows [N, H] hold any bright pixel, and whether any does at all [N, 1]. A column
        // holds one when its brightest pixel is bright: the threshold applies to the maxima, not to every pixel.
        var threshold = g.AddInitializer("threshold", [BrightnessThreshold], 1);
        var columns = Bright(g, ReduceMax(g, brightness, axis: 1, keepDims: false, "column_peak"), threshold, "bright_columns");
        var rows = Bright(g, ReduceMax(g, brightness, axis: 2, keepDims: false, "row_peak"), threshold, "bright_rows");
        var found = ReduceMax(g, columns, axis: 1, keepDims: true, "found");

        var (x1, x2) = Extent(g, columns, inputWidth, "x");
        var (y1, y2) = Extent(g, rows, inputHeight, "y");

        var half = g.AddInitializer("half", [0.5f], 1);
        var cx = g.AddNode("Mul", [g.AddNode("Add", [x1, x2], "x_sum"), half], "cx");
        var cy = g.AddNode("Mul", [g.AddNode("Add", [y1, y2], "y_sum"), half], "cy");
        var w = g.AddNode("Sub", [x2, x1], "w");
        var h = g.AddNode("Sub", [y2, y1], "h");
        var rawBox = g.AddNode("Concat", [cx, cy, w, h], "raw_box", OnnxGraphBuilder.Attribute("axis", 1L));
        // Zero the box when nothing is bright, instead of leaving the inverted extents of an empty mask.
        var box = g.AddNode("Mul", [rawBox, found], "box");

        var shift = g.AddInitializer("shift", [DuplicateShift, 0, 0, 0], 4);
        var shiftedBox = g.AddNode("Add", [box, g.AddNode("Mul", [found, shift], "found_shift")], "shifted_box");

        var anchor0 = Anchor(g, box, found, ObjectScore, "anchor0");
        var anchor1 = Anchor(g, shiftedBox, found, DuplicateScore, "anchor1");
        g.AddNode("Concat", [anchor0, anchor1], OutputName, OnnxGraphBuilder.Attribute("axis", 2L));

        return g.ToBytes($"Bright-object detector for {inputWidth}x{inputHeight} input, YOLOv8 output layout.");
    }

    /// <summary>1 where <paramref name="peak"/> exceeds the threshold, else 0.</summary>
    private static string Bright(OnnxGraphBuilder g, string peak, string threshold, string output) =>
        g.AddNode("Cast", [g.AddNode("Greater", [peak, threshold], $"{output}_bool")], output, OnnxGraphBuilder.Attribute("to", 1L));

    private static string ReduceMax(OnnxGraphBuilder g, string input, long axis, bool keepDims, string output) =>
        g.AddNode("ReduceMax", [input], output,
            OnnxGraphBuilder.Attribute("axes", [axis]), OnnxGraphBuilder.Attribute("keepdims", keepDims ? 1L : 0L));

    /// <summary>First index (inclusive) and last index + 1 where <paramref name="present"/> [N, size] is 1, each [N, 1].</summary>
    private static (string Start, string End) Extent(OnnxGraphBuilder g, string present, int size, string axisName)
    {
        var fromStart = new float[size];
        var fromEnd = new float[size];
        for (var i = 0; i < size; i++)
        {
            fromStart[i] = i + 1;
            fromEnd[i] = size - i;
        }
        var startRamp = g.AddInitializer($"{axisName}_index_plus_one", fromStart, size);
        var endRamp = g.AddInitializer($"{axisName}_distance_to_end", fromEnd, size);
        var sizeValue = g.AddInitializer($"{axisName}_size", [(float)size], 1);

        var end = ReduceMax(g, g.AddNode("Mul", [present, startRamp], $"{axisName}_start_ramp"), 1, true, $"{axisName}2");
        var farthestFromEnd = ReduceMax(g, g.AddNode("Mul", [present, endRamp], $"{axisName}_end_ramp"), 1, true, $"{axisName}_from_end");
        var start = g.AddNode("Sub", [sizeValue, farthestFromEnd], $"{axisName}1");
        return (start, end);
    }

    /// <summary>One anchor column [N, 6, 1]: the box, then class scores (score · found, <see cref="OtherScore"/>).</summary>
    private static string Anchor(OnnxGraphBuilder g, string box, string found, float score, string name)
    {
        var scale = g.AddInitializer($"{name}_score_scale", [score, 0f], 2);
        var offset = g.AddInitializer($"{name}_score_offset", [0f, OtherScore], 2);
        var scores = g.AddNode("Add", [g.AddNode("Mul", [found, scale], $"{name}_scaled"), offset], $"{name}_scores");
        var column = g.AddNode("Concat", [box, scores], $"{name}_rows", OnnxGraphBuilder.Attribute("axis", 1L));
        var axes = g.AddInitializer($"{name}_unsqueeze_axes", [2L], 1);
        // Opset 13 takes Unsqueeze's axes as an input, unlike the reductions, which keep the attribute.
        return g.AddNode("Unsqueeze", [column, axes], name);
    }
}
