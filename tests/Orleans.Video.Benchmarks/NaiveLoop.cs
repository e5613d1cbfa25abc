using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;
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
        return Enumerable.Range(0, runs).Select(_ => Once(clip, definition, session.Session)).ToArray();
    }

    private static double Once(string clip, ModelDefinition model, InferenceSession session)
    {
        using var capture = new VideoCapture(clip);
        if (!capture.IsOpened())
        {
            throw new InvalidOperationException($"OpenCV cannot open {clip}");
        }
        using var detector = new NaiveDetector(model, session, capture.FrameWidth, capture.FrameHeight);
        using var frame = new Mat();
        var frames = 0;
        var clock = Stopwatch.StartNew();
        while (capture.Read(frame) && !frame.Empty())
        {
            detector.Detect(frame);
            frames++;
        }
        return frames / clock.Elapsed.TotalSeconds;
    }
}
