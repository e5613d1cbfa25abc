namespace Orleans.Video.Inference;

/// <summary>What a model is, which picks its backend (ONNX Runtime or OpenCV) and how its output is read.</summary>
public enum ModelFormat
{
    /// <summary>YOLOv8 / YOLO11: [N, 4 + C, A], rows cx, cy, w, h then one score per class; anchors are columns.</summary>
    Yolo = 0,

    /// <summary>YOLOv5: [N, A, 5 + C], each anchor cx, cy, w, h, objectness, then class scores; score = objectness × class.</summary>
    YoloV5 = 1,

    /// <summary>DB-style text detection (PaddleOCR det): a probability map [N, 1, H, W] of "is text".</summary>
    DbText = 2,

    /// <summary>
    /// OpenCV's built-in HOG + linear SVM people detector (Dalal–Triggs, 64x128 window); no model file. Label "person".
    /// Tuned by <see cref="ModelDefinition.HogUpscale"/>, <see cref="ModelDefinition.HogWinStride"/> and <see cref="ModelDefinition.HogScaleStep"/>.
    /// </summary>
    HogPeople = 3,

    /// <summary>
    /// MediaPipe BlazeFace face detection, a .tflite file run by OpenCV's DNN module (short range 128x128, or full range
    /// 192x192): per-anchor regressors [1, A, 16] and scores [1, A, 1] over MediaPipe's SSD anchors. Label "face".
    /// </summary>
    BlazeFace = 4,

    /// <summary>
    /// YOLOX, exported without its decoding step: [N, A, 5 + C], one row per grid cell of strides
    /// <see cref="ModelDefinition.Strides"/> (8, 16, 32: every cell of the first grid row by row, then the next grid);
    /// cx = (o0 + gx)·s, cy = (o1 + gy)·s, w = e^o2·s, h = e^o3·s; score = objectness × class score.
    /// </summary>
    Yolox = 5,
}
