using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Orleans.Video.Models;

namespace Orleans.Video.Inference.Tests;

/// <summary>The builtin detector through real ONNX Runtime, with the real tensor filling and YOLO decoding.</summary>
public sealed class BrightObjectDetectorTests : IDisposable
{
    private const int Width = 640;
    private const int Height = 384;
    private readonly InferenceSession _session = new(BrightObjectDetector.Build(Width, Height));
    private readonly FrameTensor _tensor = new(Width, Height, [0, 0, 0], [1, 1, 1], 114);
    private readonly YoloDecoder _decoder = new(ModelFormat.Yolo, BrightObjectDetector.Labels, 0.25f, 0.45f, 100);

    public void Dispose() => _session.Dispose();

    private (float[] Output, long[] Shape) Run(params (Letterbox Letterbox, (int X, int Y, int W, int H)? White)[] frames)
    {
        var input = new float[frames.Length * _tensor.ImageLength];
        for (var i = 0; i < frames.Length; i++)
        {
            var (letterbox, white) = frames[i];
            _tensor.Fill(input.AsSpan(i * _tensor.ImageLength, _tensor.ImageLength), TestFrames.Planes(letterbox, white), letterbox);
        }
        using var value = OrtValue.CreateTensorValueFromMemory(input, [frames.Length, 3, Height, Width]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [BrightObjectDetector.InputName], [value], [BrightObjectDetector.OutputName]);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[0].GetTensorTypeAndShape().Shape);
    }

    [Fact]
    public void The_model_declares_images_in_and_a_yolov8_output_with_a_dynamic_batch()
    {
        var input = _session.InputMetadata[BrightObjectDetector.InputName];
        var output = _session.OutputMetadata[BrightObjectDetector.OutputName];

        Assert.Equal([-1, 3, Height, Width], input.Dimensions);
        Assert.Equal("N", input.SymbolicDimensions[0]);
        Assert.Equal([-1, 6, 2], output.Dimensions);
    }

    [Fact]
    public void A_white_rectangle_is_found_once_with_its_exact_box()
    {
        // 1280x720 into 640x384: content 640x360 at (0, 12), input → source x2.
        var letterbox = Letterbox.Fit(1280, 720, Width, Height);
        Assert.Equal((640, 360, 0, 12), (letterbox.ContentWidth, letterbox.ContentHeight, letterbox.PadX, letterbox.PadY));

        var (output, shape) = Run((letterbox, (100, 50, 100, 80)));

        Assert.Equal([1, 6, 2], shape);
        // Both anchors pass the threshold; only NMS leaves one.
        Assert.Equal(
            [new ScoredBox(new Box(100, 62, 100, 80), 0.9f, 0), new ScoredBox(new Box(102, 62, 100, 80), 0.8f, 0)],
            _decoder.Candidates(output, shape, 0));
        Assert.Equal([new Detection("object", 0, 0.9f, new Box(200, 100, 200, 160))], _decoder.Decode(output, shape, 0, letterbox));
    }

    [Fact]
    public void Each_frame_of_a_batch_gets_its_own_box()
    {
        var hd = Letterbox.Fit(1280, 720, Width, Height);
        // 640x480 into 640x384: scale 0.8, content 512x384 at (64, 0), input → source x1.25.
        var vga = Letterbox.Fit(640, 480, Width, Height);
        Assert.Equal((512, 384, 64, 0), (vga.ContentWidth, vga.ContentHeight, vga.PadX, vga.PadY));

        var (output, shape) = Run((hd, (100, 50, 100, 80)), (vga, (10, 20, 30, 40)));

        Assert.Equal([2, 6, 2], shape);
        Assert.Equal([new Detection("object", 0, 0.9f, new Box(200, 100, 200, 160))], _decoder.Decode(output, shape, 0, hd));
        Assert.Equal([new Detection("object", 0, 0.9f, new Box(12.5f, 25, 37.5f, 50))], _decoder.Decode(output, shape, 1, vga));
    }

    [Fact]
    public void A_black_frame_in_grey_padding_has_no_object()
    {
        var letterbox = Letterbox.Fit(1280, 720, Width, Height);

        var (output, shape) = Run((letterbox, null));

        Assert.Empty(_decoder.Decode(output, shape, 0, letterbox));
        Assert.All(output, v => Assert.True(v == 0 || v == BrightObjectDetector.OtherScore, $"unexpected output value {v}"));
    }

    [Fact]
    public void The_model_is_deterministic_and_self_describing()
    {
        Assert.Equal(BrightObjectDetector.Build(Width, Height), BrightObjectDetector.Build(Width, Height));
        var model = Onnx.ModelProto.Parser.ParseFrom(BrightObjectDetector.Build(Width, Height));
        Assert.Equal(OnnxGraphBuilder.IrVersion, model.IrVersion);
        Assert.Equal(OnnxGraphBuilder.OpsetVersion, Assert.Single(model.OpsetImport).Version);
    }

    [Fact]
    public void The_hand_written_encoding_is_what_protobuf_itself_writes()
    {
        // Parsed by protobuf's own runtime (onnx.proto compiled for this test) and written again, byte for byte.
        var bytes = BrightObjectDetector.Build(Width, Height);
        var model = Onnx.ModelProto.Parser.ParseFrom(bytes);
        Assert.Equal(bytes, model.ToByteArray());

        Assert.Equal(OnnxGraphBuilder.ProducerName, model.ProducerName);
        Assert.Equal("bright_object_detector", model.Graph.Name);
        var input = Assert.Single(model.Graph.Input);
        Assert.Equal(BrightObjectDetector.InputName, input.Name);
        Assert.Equal(["N", "3", $"{Height}", $"{Width}"],
            input.Type.TensorType.Shape.Dim.Select(d => d.HasDimParam ? d.DimParam : d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(BrightObjectDetector.OutputName, Assert.Single(model.Graph.Output).Name);
        var reduce = model.Graph.Node.First(n => n.OpType == "ReduceMax");
        Assert.Equal(["axes", "keepdims"], reduce.Attribute.Select(a => a.Name));
        Assert.Equal(Onnx.AttributeProto.Types.AttributeType.Ints, reduce.Attribute[0].Type);
        Assert.Equal(Onnx.AttributeProto.Types.AttributeType.Int, reduce.Attribute[1].Type);
        var ramp = model.Graph.Initializer.Single(t => t.Name == "x_index_plus_one");
        Assert.Equal([(long)Width], ramp.Dims);
        Assert.Equal(Enumerable.Range(1, Width).Select(i => (float)i), ramp.FloatData);
        var shape = model.Graph.Initializer.Single(t => t.Name == "image_shape");
        Assert.Equal([-1L, Height, Width], shape.Int64Data);
    }
}
