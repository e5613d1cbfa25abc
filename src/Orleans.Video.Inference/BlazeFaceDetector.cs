using OpenCvSharp;
using OpenCvSharp.Dnn;

namespace Orleans.Video.Inference;

/// <summary>
/// MediaPipe's BlazeFace run by OpenCV's DNN module from its .tflite file. The input is an NCHW float blob filled by
/// <see cref="FrameTensor"/> (MediaPipe normalises to [-1, 1]: Mean 0.5, Std 0.5, RGB); the outputs are, per anchor,
/// 16 regressors (box centre offset and size in input pixels, then six keypoints, unused here) and one logit.
/// Boxes above the score threshold go through <see cref="Nms"/> and back to source pixels.
/// </summary>
internal sealed class BlazeFaceDetector : IFrameDetector
{
    private const int Regressors = 16;

    private readonly Net _net;
    private readonly FrameTensor _tensor;
    // The input blob is filled in place each frame and the output Mats are reused: no per-frame buffers.
    private readonly Mat _input;
    private readonly Mat[] _outputs = [new(), new()];
    private readonly string[] _outputNames;
    private readonly int _scoresIndex;
    private readonly float[] _anchors;
    private readonly string _label;
    private readonly float _logitThreshold;
    private readonly float _iouThreshold;
    private readonly int _maxDetections;

    private BlazeFaceDetector(Net net, ModelDefinition model, string label)
    {
        _net = net;
        _tensor = FrameTensor.For(model);
        _input = new Mat([1, 3, model.InputHeight, model.InputWidth], MatType.CV_32FC1);
        _label = label;
        _iouThreshold = model.IouThreshold;
        _maxDetections = model.MaxDetections;
        // Compare logits, not probabilities: one sigmoid per kept box instead of one per anchor.
        _logitThreshold = model.ScoreThreshold switch
        {
            <= 0 => float.NegativeInfinity,
            >= 1 => float.PositiveInfinity,
            var p => MathF.Log(p / (1 - p)),
        };
        try
        {
            var names = net.GetUnconnectedOutLayersNames();
            if (names is not { Length: 2 } || names.Any(string.IsNullOrEmpty))
            {
                throw new InvalidOperationException($"BlazeFace has two outputs (regressors, scores); this model has {names?.Length ?? 0}");
            }
            _outputNames = names!;
            // The output names differ between the short and full range files; their shapes do not: [1, A, 16] and [1, A, 1].
            _tensor.FillBlank(InputSpan());
            Forward();
            _scoresIndex = LastSize(_outputs[0]) == 1 ? 0 : 1;
            var scores = _outputs[_scoresIndex];
            var boxes = _outputs[1 - _scoresIndex];
            if (scores.Dims != 3 || boxes.Dims != 3 || LastSize(scores) != 1 || LastSize(boxes) != Regressors || scores.Size(1) != boxes.Size(1)
                || scores.Type() != MatType.CV_32FC1 || boxes.Type() != MatType.CV_32FC1 || !scores.IsContinuous() || !boxes.IsContinuous())
            {
                throw new InvalidOperationException($"BlazeFace outputs are float [1,A,{Regressors}] and [1,A,1]; this model gives {Shape(_outputNames[0], _outputs[0])} and {Shape(_outputNames[1], _outputs[1])}");
            }
            _anchors = BlazeFaceAnchors.For(model.InputWidth, model.InputHeight, scores.Size(1));
            Input = $"float[1,3,{model.InputHeight},{model.InputWidth}]";
            Output = $"{Shape(_outputNames[1 - _scoresIndex], boxes)}, {Shape(_outputNames[_scoresIndex], scores)}";
        }
        catch
        {
            // The network is the caller's to dispose; the buffers are ours.
            DisposeBuffers();
            throw;
        }
    }

    public string Input { get; }

    public string Output { get; }

    /// <summary>Reads the .tflite file and checks its outputs with one blank frame.</summary>
    /// <exception cref="InvalidOperationException">The file is not a BlazeFace model OpenCV can run.</exception>
    public static BlazeFaceDetector Load(string path, ModelDefinition model, string label)
    {
        Net net;
        try
        {
            net = CvDnn.ReadNet(path) ?? throw new InvalidOperationException("OpenCV read no network");
        }
        catch (OpenCVException e)
        {
            // OpenCV's message ("DNN/TFLite: model is incorrect") is its first line; the rest is where in OpenCV it failed.
            throw new InvalidOperationException(FirstLine(e.Message), e);
        }
        try
        {
            return new BlazeFaceDetector(net, model, label);
        }
        catch (OpenCVException e)
        {
            net.Dispose();
            throw new InvalidOperationException($"running a blank {model.InputWidth}x{model.InputHeight} frame failed: {FirstLine(e.Message)}", e);
        }
        catch
        {
            net.Dispose();
            throw;
        }
    }

    public unsafe IReadOnlyList<Detection> Detect(ReadOnlySpan<byte> planes, Letterbox letterbox)
    {
        _tensor.Fill(InputSpan(), planes, letterbox);
        Forward();
        var scores = (float*)_outputs[_scoresIndex].Data;
        var boxes = (float*)_outputs[1 - _scoresIndex].Data;
        float width = _tensor.InputWidth, height = _tensor.InputHeight;
        var candidates = new List<ScoredBox>();
        for (var a = 0; a < _anchors.Length / 2; a++)
        {
            var logit = scores[a];
            if (!(logit >= _logitThreshold))
            {
                continue;
            }
            // Offsets and sizes are in input pixels; the anchor centre is a fraction of the input.
            var r = boxes + a * Regressors;
            var cx = _anchors[2 * a] * width + r[0];
            var cy = _anchors[2 * a + 1] * height + r[1];
            var score = 1f / (1f + MathF.Exp(-Math.Clamp(logit, -100f, 100f)));
            candidates.Add(new ScoredBox(new Box(cx - r[2] / 2, cy - r[3] / 2, r[2], r[3]), score, 0));
        }
        var kept = Nms.Apply(candidates, _iouThreshold, _maxDetections);
        var detections = new List<Detection>(kept.Count);
        foreach (var face in kept)
        {
            var box = letterbox.ToSource(face.Box);
            if (box.Area > 0)
            {
                detections.Add(new Detection(_label, 0, face.Score, box));
            }
        }
        return detections;
    }

    public void Dispose()
    {
        _net.Dispose();
        DisposeBuffers();
    }

    private void DisposeBuffers()
    {
        _input.Dispose();
        foreach (var output in _outputs)
        {
            output.Dispose();
        }
    }

    private unsafe Span<float> InputSpan() => new((void*)_input.Data, _tensor.ImageLength);

    private void Forward()
    {
        _net.SetInput(_input);
        _net.Forward(_outputs, _outputNames);
    }

    private static int LastSize(Mat mat) => mat.Dims == 0 ? 0 : mat.Size(mat.Dims - 1);

    private static string Shape(string name, Mat mat) =>
        $"{name}[{string.Join(",", Enumerable.Range(0, mat.Dims).Select(mat.Size))}]";

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
