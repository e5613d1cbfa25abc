namespace Orleans.Video.Inference;

/// <summary>The layout of a model's output, which picks the decoder.</summary>
public enum ModelFormat
{
    /// <summary>YOLOv8 / YOLO11: [N, 4 + C, A], rows cx, cy, w, h then one score per class; anchors are columns.</summary>
    Yolo = 0,

    /// <summary>YOLOv5: [N, A, 5 + C], each anchor cx, cy, w, h, objectness, then class scores; score = objectness × class.</summary>
    YoloV5 = 1,

    /// <summary>DB-style text detection (PaddleOCR det): a probability map [N, 1, H, W] of "is text".</summary>
    DbText = 2,
}
