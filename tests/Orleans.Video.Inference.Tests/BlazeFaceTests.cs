using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Orleans.Video.Inference.Tests;

/// <summary>BlazeFace (MediaPipe's .tflite files run by OpenCV) behind the engine, on Debian's <c>Megamind.avi</c> (720x528).</summary>
[Collection(OpenCvModelsFixture.Collection)]
public sealed class BlazeFaceTests(OpenCvModelsFixture fixture, ITestOutputHelper output)
{
    /// <summary>The face in front (its centre, source pixels, labelled by eye); frames 24 and 72 also have one behind.</summary>
    private static readonly Dictionary<int, (int X, int Y)[]> Labelled = new()
    {
        [24] = [(313, 283), (478, 236)],
        [72] = [(317, 312), (490, 225)],
        [120] = [(480, 270)],
        [168] = [(285, 245)],
        [200] = [(400, 262)],
    };

    [Theory]
    [InlineData(OpenCvModelsFixture.Faces, OpenCvModelsFixture.FacesSize)]
    [InlineData(OpenCvModelsFixture.FacesFullRange, OpenCvModelsFixture.FacesFullRangeSize)]
    public async Task Finds_the_faces_of_megamind_with_square_boxes_in_source_pixels(string model, int size)
    {
        var frames = Footage.Decode(Footage.Sample("Megamind.avi"), [.. Labelled.Keys]);
        var engine = fixture.Engine;
        var before = engine.GetStatus(model);
        foreach (var frame in frames)
        {
            var started = Stopwatch.GetTimestamp();
            var detections = await engine.DetectAsync(Footage.Packet(frame, "megamind", model, size, size));
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            var labelled = Labelled[frame.Index];
            var (matched, unmatched) = LabelledPoints.Match(detections, labelled);
            output.WriteLine($"BlazeFace {model} ({size}x{size}), frame {frame.Index}: {elapsed:F1} ms, {detections.Count} found, {matched} of {labelled.Length} labelled faces, {unmatched} elsewhere");
            foreach (var face in detections)
            {
                output.WriteLine($"  {face.Score:F2} at {face.Box.X:F0},{face.Box.Y:F0} {face.Box.Width:F0}x{face.Box.Height:F0}");
                Assert.Equal(("face", 0), (face.Label, face.ClassId));
                Assert.InRange(face.Score, 0.5f, 1f);
                // BlazeFace's boxes are square in its input; the letterbox keeps the aspect, so they stay square here.
                Assert.InRange(face.Box.Width / face.Box.Height, 0.85f, 1.15f);
                Assert.InRange(face.Box.Width, 40, 400);
                Assert.True(face.Box.X >= 0 && face.Box.Y >= 0 && face.Box.Right <= frame.Width && face.Box.Bottom <= frame.Height);
            }
            // The face in front is the best detection; nothing is found where no face is.
            var best = detections.MaxBy(d => d.Score);
            Assert.True(best is not null, $"frame {frame.Index}: no face found");
            Assert.Equal(1, LabelledPoints.Match([best], [labelled[0]]).Matched);
            Assert.Equal(0, unmatched);
        }
        var after = engine.GetStatus(model);
        Assert.Equal(("OpenCV", false), (after.Provider, after.DynamicBatch));
        Assert.Equal(frames.Count, after.Frames - before.Frames);
    }

    [Theory]
    [InlineData(OpenCvModelsFixture.Faces, OpenCvModelsFixture.FacesSize, 0)]
    [InlineData(OpenCvModelsFixture.Faces, OpenCvModelsFixture.FacesSize, 128)]
    [InlineData(OpenCvModelsFixture.FacesFullRange, OpenCvModelsFixture.FacesFullRangeSize, 0)]
    [InlineData(OpenCvModelsFixture.FacesFullRange, OpenCvModelsFixture.FacesFullRangeSize, 128)]
    public async Task Finds_no_face_in_a_blank_frame(string model, int size, byte value)
    {
        var bgr = new byte[720 * 528 * 3];
        bgr.AsSpan().Fill(value);

        var detections = await fixture.Engine.DetectAsync(Footage.Packet(new SourceFrame(0, 720, 528, bgr), "blank", model, size, size));

        Assert.Empty(detections);
    }

    [Theory]
    [InlineData(OpenCvModelsFixture.RandomBytes)]
    [InlineData(OpenCvModelsFixture.TextFile)]
    public async Task A_bad_tflite_file_fails_its_requests_naming_the_model_and_file_while_others_work(string model)
    {
        var path = model == OpenCvModelsFixture.RandomBytes ? fixture.RandomBytesPath : fixture.TextFilePath;
        var frame = Footage.Packet(new SourceFrame(0, 128, 128, new byte[128 * 128 * 3]), "cam", model, 128, 128);

        var status = fixture.Engine.GetStatus(model);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Engine.DetectAsync(frame));

        Assert.False(status.Loaded);
        Assert.StartsWith($"Model '{model}': cannot load file '{path}': ", status.Error);
        Assert.Contains($"Model '{model}' failed to load", error.Message);
        Assert.Contains(path, error.Message);
        Assert.Contains(fixture.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(model) && e.Message.Contains(path));
        Assert.True(fixture.Engine.GetStatus(OpenCvModelsFixture.Faces).Loaded);
    }
}
