namespace Orleans.Video.Inference;

/// <summary>One model of the catalog: where it comes from, how its input is prepared and how its output is read.</summary>
public sealed class ModelDefinition
{
    /// <summary>
    /// The model file (absolute, or relative to the working directory): an .onnx file for the ONNX formats (set this or
    /// <see cref="Builtin"/>), a .tflite file for <see cref="ModelFormat.BlazeFace"/>; <see cref="ModelFormat.HogPeople"/> has none.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>A model built in code instead of loaded from a file; only <c>bright-object</c> exists (see <see cref="BuiltinModels"/>).</summary>
    public string? Builtin { get; set; }

    public ModelFormat Format { get; set; } = ModelFormat.Yolo;

    public int InputWidth { get; set; } = 640;

    public int InputHeight { get; set; } = 640;

    /// <summary>Channel order of the model's input tensor; the camera pipeline produces planes in this order.</summary>
    public ChannelOrder ChannelOrder { get; set; } = ChannelOrder.Rgb;

    /// <summary>Per tensor channel (in <see cref="ChannelOrder"/>), subtracted after dividing by 255.</summary>
    public float[] Mean { get; set; } = [0, 0, 0];

    /// <summary>Per tensor channel (in <see cref="ChannelOrder"/>), divides after subtracting <see cref="Mean"/>.</summary>
    public float[] Std { get; set; } = [1, 1, 1];

    /// <summary>Byte value of the letterbox padding (114 is ultralytics' grey).</summary>
    public byte PadValue { get; set; } = 114;

    /// <summary>Class names by class id; missing ids are reported as <c>class{id}</c>.</summary>
    public string[]? Labels { get; set; }

    /// <summary>A text file with one class name per line, used when <see cref="Labels"/> is not set.</summary>
    public string? LabelsPath { get; set; }

    public float ScoreThreshold { get; set; } = 0.25f;

    /// <summary>
    /// A track makes events only when the median score of its detections reaches this (the detections themselves are
    /// kept from <see cref="ScoreThreshold"/>): a person seen clearly over a second passes, a shadow that scores just
    /// over the threshold now and then does not. Null for <see cref="ScoreThreshold"/> (every track passes).
    /// </summary>
    public float? EventThreshold { get; set; }

    /// <summary>The median score a track needs for events: <see cref="EventThreshold"/>, else <see cref="ScoreThreshold"/>.</summary>
    public float EventScore => EventThreshold ?? ScoreThreshold;

    /// <summary>Boxes of the same class overlapping a better one by more than this IoU are suppressed.</summary>
    public float IouThreshold { get; set; } = 0.45f;

    public int MaxDetections { get; set; } = 100;

    /// <summary>DB text: probability above which a pixel is text.</summary>
    public float DbBinaryThreshold { get; set; } = 0.3f;

    /// <summary>DB text: how far a shrunk text region is grown back (distance = area × ratio / perimeter).</summary>
    public float DbUnclipRatio { get; set; } = 1.5f;

    /// <summary>DB text: regions smaller than this many model-input pixels (bounding box area) are dropped.</summary>
    public float DbMinArea { get; set; } = 16;

    /// <summary>
    /// HOG people: the frame content is enlarged by this factor before detection. The detector's 64x128 window finds
    /// people about 96 model-input pixels tall and taller; 2 finds them from about 48 (at about 4x the time).
    /// </summary>
    public float HogUpscale { get; set; } = 1;

    /// <summary>HOG people: pixels (of the enlarged image) the detection window moves per step; smaller finds more, slower.</summary>
    public int HogWinStride { get; set; } = 8;

    /// <summary>HOG people: the ratio between the image pyramid's levels (OpenCV's default 1.05); larger is faster and coarser.</summary>
    public float HogScaleStep { get; set; } = 1.05f;
}
