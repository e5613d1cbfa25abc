using System.Runtime.InteropServices;
using Orleans.Video.Inference.OnnxFiles;

namespace Orleans.Video.Inference.Tests;

/// <summary>The shipped YOLOX file read without ONNX Runtime, and its fixed batch rewritten.</summary>
public sealed class OnnxModelFileTests
{
    private static byte[] Shipped() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "models", "yolox-nano", "yolox_nano.onnx"));

    [Fact]
    public void Reads_the_inputs_and_outputs_of_the_shipped_model()
    {
        var file = OnnxModelFile.Read(Shipped());

        Assert.Equal("images[1,3,416,416]", Assert.Single(file.Inputs).ToString());
        Assert.Equal("output[1,3549,85]", Assert.Single(file.Outputs).ToString());
        Assert.Equal((416, 416), ModelMetadata.InputSize(file));
    }

    [Fact]
    public void The_batch_rewrite_makes_the_first_dimension_dynamic_and_leaves_the_rest()
    {
        var rewritten = OnnxBatchRewrite.TryMakeDynamic(Shipped(), out var note);

        Assert.NotNull(rewritten);
        Assert.Contains("3 Reshape", note);
        var file = OnnxModelFile.Read(rewritten);
        Assert.Equal("images[?,3,416,416]", Assert.Single(file.Inputs).ToString());
        Assert.Equal("output[?,3549,85]", Assert.Single(file.Outputs).ToString());
        // Protobuf's own parser reads the rewrite: every Reshape now keeps its input's batch (0) instead of 1.
        var graph = Onnx.ModelProto.Parser.ParseFrom(rewritten).Graph;
        var shapes = graph.Node.Where(n => n.OpType == "Reshape").Select(n => graph.Initializer.Single(i => i.Name == n.Input[1])).ToArray();
        Assert.Equal(3, shapes.Length);
        Assert.All(shapes, s => Assert.Equal([0L, 85, -1], MemoryMarshal.Cast<byte, long>(s.RawData.Span).ToArray()));
        Assert.Equal("batch", graph.Input[0].Type.TensorType.Shape.Dim[0].DimParam);
        // Nothing to rewrite a second time: the batch is no longer fixed at 1.
        Assert.Null(OnnxBatchRewrite.TryMakeDynamic(rewritten, out var again));
        Assert.Contains("not one input with a fixed batch of 1", again);
    }

    [Fact]
    public void Bytes_that_are_not_a_model_are_refused()
    {
        Assert.Throws<InvalidDataException>(() => OnnxModelFile.Read("This is not an ONNX model, just text."u8));
    }

    [Fact]
    public void Ultralytics_metadata_gives_names_and_input_size()
    {
        // A hand-written ModelProto: a graph with one output, and the two metadata entries ultralytics writes.
        var model = Proto.Message(
            (7, Proto.Message((12, Proto.Message((1, Proto.Text("output0")))))),
            (14, Proto.Message((1, Proto.Text("names")), (2, Proto.Text("{0: 'person', 1: 'bicycle', 3: 'motorcycle'}")))),
            (14, Proto.Message((1, Proto.Text("imgsz")), (2, Proto.Text("[384, 640]")))));

        var file = OnnxModelFile.Read(model);

        Assert.Equal(["person", "bicycle", "class2", "motorcycle"], ModelMetadata.Names(file) ?? []);
        Assert.Equal((640, 384), ModelMetadata.InputSize(file));
    }

    /// <summary>Length-delimited protobuf fields, enough to write a model's skeleton by hand.</summary>
    private static class Proto
    {
        public static byte[] Text(string value) => System.Text.Encoding.UTF8.GetBytes(value);

        public static byte[] Message(params (int Field, byte[] Payload)[] fields)
        {
            var bytes = new List<byte>();
            foreach (var (field, payload) in fields)
            {
                Varint(bytes, (ulong)(field << 3 | 2));
                Varint(bytes, (ulong)payload.Length);
                bytes.AddRange(payload);
            }
            return [.. bytes];
        }

        private static void Varint(List<byte> bytes, ulong value)
        {
            for (; value >= 0x80; value >>= 7)
            {
                bytes.Add((byte)(value | 0x80));
            }
            bytes.Add((byte)value);
        }
    }
}
