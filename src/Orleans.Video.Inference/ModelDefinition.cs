namespace Orleans.Video.Inference;

/// <summary>One model of the catalog: where it comes from, how its input is prepared and how its output is read.</summary>
public sealed class ModelDefinition
{
    /// <summary>
    /// The model file (absolute, or relative to the working directory): an .onnx file for the ONNX formats (set this or
    /// <see cref="Builtin"/>), a .tflite file for <see cref="ModelFormat.BlazeFace"/>; <see cref="ModelFormat.HogPeople"/> has none.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>
    /// The file's sha256 (hex): when set, a file whose bytes hash otherwise is refused at load, so a model swapped or
    /// cut short on disk is caught before it serves a frame. The shipped models set it.
    /// </summary>
    public string? Sha256 { get; set; }

    /// <summary>A model built in code instead of loaded from a file; only <c>bright-object</c> exists (see <see cref="BuiltinModels"/>).</summary>
    public string? Builtin { get; set; }

    public ModelFormat Format { get; set; } = ModelFormat.Yolo;

    public int InputWidth { get; set; } = 640;

    public int InputHeight { get; set; } = 640;

    /// <summary>
    /// Where the scaled frame sits in the input: centred (ultralytics' YOLOv5/v8 letterbox) or at the top-left corner
    /// (YOLOX's), the rest padded with <see cref="PadValue"/>. Detections map back to the frame either way.
    /// </summary>
    public LetterboxPlacement Placement { get; set; } = LetterboxPlacement.Center;

    /// <summary>
    /// What a full-scale pixel is in the input before <see cref="Mean"/> and <see cref="Std"/>: 1 (values 0–1, most
    /// exports) or 255 (raw byte values, as YOLOX takes them).
    /// </summary>
    public float PixelRange { get; set; } = 1;

    /// <summary><see cref="ModelFormat.Yolox"/>: the strides of its output grids, in the order the output lists them.</summary>
    public int[] Strides { get; set; } = [8, 16, 32];

    /// <summary>
    /// ONNX Runtime sessions of this model that run side by side, each on its own batches from the model's one queue;
    /// 0 (the default) chooses from the silo: on a CPU, one single-threaded session per core (at most
    /// <see cref="OnnxSessionFactory.MaxAutoSessions"/>), on CUDA two. Each session has
    /// <see cref="InferenceOptions.IntraOpThreads"/> threads when set, else the cores shared among the sessions.
    /// </summary>
    public int Sessions { get; set; }

    /// <summary>
    /// For a file exported with a fixed batch of 1: rewrite, in memory at load, its batch dimension (the input's, the
    /// output's and the leading 1 of its Reshape shapes) to a dynamic one, so frames of several cameras run in one
    /// call. The rewritten graph is checked at load against the original (two frames at once must give what each
    /// gives alone); where it does not hold, the model runs at batch 1 and the load log says why.
    /// </summary>
    public bool MakeBatchDynamic { get; set; }

    /// <summary>Channel order of the model's input tensor; the camera pipeline produces planes in this order.</summary>
    public ChannelOrder ChannelOrder { get; set; } = ChannelOrder.Rgb;

    /// <summary>Per tensor channel (in <see cref="ChannelOrder"/>), subtracted after dividing by 255.</summary>
    public float[] Mean { get; set; } = [0, 0, 0];

    /// <summary>Per tensor channel (in <see cref="ChannelOrder"/>), divides after subtracting <see cref="Mean"/>.</summary>
    public float[] Std { get; set; } = [1, 1, 1];

    /// <summary>Byte value of the letterbox padding (114 is ultralytics' grey).</summary>
    public byte PadValue { get; set; } = 114;

    /// <summary>
    /// Class names by class id, one for every class the model scores (checked at load); a model with none configured
    /// and none in its file reports <c>class{id}</c>.
    /// </summary>
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
