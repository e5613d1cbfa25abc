namespace Orleans.Video.Inference;

/// <summary>
/// Whether an ONNX model's output has the layout its <see cref="ModelFormat"/> reads, checked at load so that a
/// file of another family, or the right family with the wrong labels, is refused by name instead of decoding noise.
/// </summary>
public static class OutputLayout
{
    /// <summary>What the format expects, as the refusal says it.</summary>
    public static string Expected(ModelFormat format) => format switch
    {
        ModelFormat.Yolo => "[N, 4 + classes, anchors] (YOLOv8/YOLO11: boxes then class scores, anchors as columns)",
        ModelFormat.YoloV5 => "[N, anchors, 5 + classes] (YOLOv5: box, objectness, class scores per anchor row)",
        ModelFormat.Yolox => "[N, grid cells, 5 + classes] (YOLOX without its decoding step: one row per cell of strides 8, 16, 32)",
        ModelFormat.DbText => "[N, 1, H, W] or [N, H, W] (a probability map)",
        _ => "(an OpenCV format, not read from ONNX output)",
    };

    /// <summary>Why an output of shape <paramref name="dims"/> (-1 or 0 for dynamic) is not <paramref name="model"/>'s layout; null when it is.</summary>
    /// <param name="labels">The model's class names; an empty list accepts any number of classes.</param>
    public static string? Problem(ModelDefinition model, int labels, IReadOnlyList<long> dims)
    {
        if (model.Format == ModelFormat.DbText)
        {
            return dims.Count == 3 || (dims.Count == 4 && dims[1] is 1 or <= 0) ? null : "it is not a single-channel map";
        }
        if (dims.Count != 3)
        {
            return $"it has {dims.Count} dimensions, not 3";
        }
        var (rows, columns) = (dims[1], dims[2]);
        if (model.Format == ModelFormat.Yolo)
        {
            if (rows <= 4)
            {
                return rows <= 0 ? "its box-and-class dimension is not fixed" : $"{rows} rows leave no class scores";
            }
            // Without labels to count classes against, a file of another family shows in its proportions: a detector
            // has far more anchors than classes.
            if (labels == 0 && columns > 0 && columns < rows)
            {
                return $"{columns} anchors against {rows} rows: the anchors look like the middle dimension (a YOLOv5 or YOLOX layout?)";
            }
            return Classes(rows - 4, labels);
        }
        if (columns <= 5)
        {
            return columns <= 0 ? "its per-anchor dimension is not fixed" : $"{columns} values per anchor leave no class scores";
        }
        if (labels == 0 && rows > 0 && rows < columns)
        {
            return $"{rows} anchors against {columns} values each: the anchors look like the last dimension (a YOLOv8 layout?)";
        }
        if (model.Format == ModelFormat.Yolox && rows > 0 && YoloxGrid.For(model) is var grid && grid.Cells != rows)
        {
            return $"{rows} rows, but a {model.InputWidth}x{model.InputHeight} input has {grid.Cells} cells at strides {string.Join(", ", model.Strides)}";
        }
        return Classes(columns - 5, labels);
    }

    // Labels of another model, or a file of another layout read as this one, show as a class count that differs.
    private static string? Classes(long classes, int labels) =>
        labels > 0 && classes != labels ? $"it scores {classes} classes, but {labels} labels are configured for it" : null;
}
