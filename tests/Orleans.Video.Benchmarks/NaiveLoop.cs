using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;
using OpenCvSharp.Dnn;
using Orleans.Video.Inference;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// The naive program as the issue defines it and as a user writes it with OpenCV and ONNX Runtime: one process, one
/// loop, a frame at a time. <c>VideoCapture</c> decodes in this process (OpenCV's FFmpeg backend, with its default
/// decoding threads), the frame is resized to the letterbox content and padded, <c>BlobFromImage</c> makes the float
/// tensor, ONNX Runtime runs it alone (batch 1) and the product's decoder reads the boxes out. Nothing decodes ahead
/// of the loop in another process.
/// </summary>
public static class NaiveLoop
{
    /// <summary>The rate of each of <paramref name="runs"/> runs through the clip, in order.</summary>
    public static double[] Fps(string clip, BenchModel model, int runs = 3)
    {
        using var services = model.InferenceServices();
        var definition = services.GetRequiredService<IModelCatalog>().Get(model.Name);
        using var session = services.GetRequiredService<OnnxSessionFactory>().Create(model.Name, definition);
        var decoder = DetectionDecoders.For(definition, DetectionDecoders.Labels(definition));
        return Enumerable.Range(0, runs).Select(_ => Once(clip, definition, session.Session, decoder)).ToArray();
    }

    private static double Once(string clip, ModelDefinition model, InferenceSession session, IDetectionDecoder decoder)
    {
        using var capture = new VideoCapture(clip);
        if (!capture.IsOpened())
        {
            throw new InvalidOperationException($"OpenCV cannot open {clip}");
        }
        var letterbox = Letterbox.Fit(capture.FrameWidth, capture.FrameHeight, model.InputWidth, model.InputHeight);
        using var frame = new Mat();
        using var resized = new Mat();
        using var padded = new Mat();
        using var runOptions = new RunOptions();
        string[] inputs = [session.InputNames[0]], outputs = [session.OutputNames[0]];
        long[] shape = [1, 3, model.InputHeight, model.InputWidth];
        var frames = 0;
        var clock = Stopwatch.StartNew();
        while (capture.Read(frame) && !frame.Empty())
        {
            Cv2.Resize(frame, resized, new Size(letterbox.ContentWidth, letterbox.ContentHeight), interpolation: InterpolationFlags.Area);
            Cv2.CopyMakeBorder(resized, padded,
                letterbox.PadY, model.InputHeight - letterbox.ContentHeight - letterbox.PadY,
                letterbox.PadX, model.InputWidth - letterbox.ContentWidth - letterbox.PadX,
                BorderTypes.Constant, Scalar.All(model.PadValue));
            using var blob = CvDnn.BlobFromImage(padded, 1 / 255.0, swapRB: model.ChannelOrder == ChannelOrder.Rgb);
            Normalize(blob, model);
            using var input = OrtValue.CreateTensorValueWithData(
                OrtMemoryInfo.DefaultInstance, TensorElementType.Float, shape, blob.Data, blob.Total() * sizeof(float));
            using var results = session.Run(runOptions, inputs, [input], outputs);
            decoder.Decode(results[0].GetTensorDataAsSpan<float>(), results[0].GetTensorTypeAndShape().Shape, 0, letterbox);
            frames++;
        }
        return frames / clock.Elapsed.TotalSeconds;
    }

    /// <summary>(v − mean) / std per channel, for models that want it (BlobFromImage takes one scale for all channels).</summary>
    private static unsafe void Normalize(Mat blob, ModelDefinition model)
    {
        if (model.Mean.All(m => m == 0) && model.Std.All(s => s == 1))
        {
            return;
        }
        var plane = model.InputWidth * model.InputHeight;
        var values = new Span<float>((void*)blob.Data, 3 * plane);
        for (var c = 0; c < 3; c++)
        {
            var (mean, std) = (model.Mean[c], model.Std[c]);
            foreach (ref var v in values.Slice(c * plane, plane))
            {
                v = (v - mean) / std;
            }
        }
    }
}
