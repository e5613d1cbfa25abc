using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;
using OpenCvSharp.Dnn;
using Orleans.Video.Inference;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// What a user writes with OpenCV and ONNX Runtime to detect on one decoded frame: resize to the letterbox content,
/// pad, <c>BlobFromImage</c>, one <c>Run</c> at batch 1, and the product's decoder to read the boxes out.
/// </summary>
internal sealed class NaiveDetector : IDisposable
{
    private readonly ModelDefinition _model;
    private readonly InferenceSession _session;
    private readonly IDetectionDecoder _decoder;
    private readonly Letterbox _letterbox;
    private readonly Mat _resized = new();
    private readonly Mat _padded = new();
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputs;
    private readonly string[] _outputs;
    private readonly long[] _shape;

    public NaiveDetector(ModelDefinition model, InferenceSession session, int sourceWidth, int sourceHeight)
    {
        _model = model;
        _session = session;
        _decoder = DetectionDecoders.For(model, DetectionDecoders.Labels(model));
        // YOLOX wants the picture in the top-left corner: the user pads right and below, as its demo does.
        _letterbox = model.Placement.Place(Letterbox.Fit(sourceWidth, sourceHeight, model.InputWidth, model.InputHeight));
        (_inputs, _outputs) = ([session.InputNames[0]], [session.OutputNames[0]]);
        _shape = [1, 3, model.InputHeight, model.InputWidth];
    }

    public IReadOnlyList<Detection> Detect(Mat frame)
    {
        Cv2.Resize(frame, _resized, new Size(_letterbox.ContentWidth, _letterbox.ContentHeight), interpolation: InterpolationFlags.Area);
        Cv2.CopyMakeBorder(_resized, _padded,
            _letterbox.PadY, _model.InputHeight - _letterbox.ContentHeight - _letterbox.PadY,
            _letterbox.PadX, _model.InputWidth - _letterbox.ContentWidth - _letterbox.PadX,
            BorderTypes.Constant, Scalar.All(_model.PadValue));
        using var blob = CvDnn.BlobFromImage(_padded, _model.PixelRange / 255.0, swapRB: _model.ChannelOrder == ChannelOrder.Rgb);
        Normalize(blob);
        using var input = OrtValue.CreateTensorValueWithData(
            OrtMemoryInfo.DefaultInstance, TensorElementType.Float, _shape, blob.Data, blob.Total() * sizeof(float));
        using var results = _session.Run(_runOptions, _inputs, [input], _outputs);
        return _decoder.Decode(results[0].GetTensorDataAsSpan<float>(), results[0].GetTensorTypeAndShape().Shape, 0, _letterbox);
    }

    public void Dispose()
    {
        _resized.Dispose();
        _padded.Dispose();
        _runOptions.Dispose();
    }

    /// <summary>(v − mean) / std per channel, for models that want it (BlobFromImage takes one scale for all channels).</summary>
    private unsafe void Normalize(Mat blob)
    {
        if (_model.Mean.All(m => m == 0) && _model.Std.All(s => s == 1))
        {
            return;
        }
        var plane = _model.InputWidth * _model.InputHeight;
        var values = new Span<float>((void*)blob.Data, 3 * plane);
        for (var c = 0; c < 3; c++)
        {
            var (mean, std) = (_model.Mean[c], _model.Std[c]);
            foreach (ref var v in values.Slice(c * plane, plane))
            {
                v = (v - mean) / std;
            }
        }
    }
}
