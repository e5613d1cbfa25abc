using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Orleans.Video.Inference.OnnxFiles;

/// <summary>
/// Turns a model exported with a fixed batch of 1 into one with a dynamic batch, in memory: the first dimension of
/// its inputs and outputs becomes the named dimension <c>batch</c>, and every Reshape whose target shape is a
/// constant starting with 1 gets 0 there instead ("keep the input's size"), which is where such exports bake the
/// batch in (YOLOX's head: <c>Reshape(x, [1, 85, -1])</c>). The shapes the exporter recorded for intermediate values
/// (all with a batch of 1) are dropped; ONNX Runtime infers them again. Anything else that fixes the batch stays, so the caller
/// must check the result (<see cref="OnnxSessionFactory"/> compares a batch of two against each frame alone).
/// </summary>
public static class OnnxBatchRewrite
{
    private const int NodeInput = 1, NodeOpType = 4, TensorDataType = 2, TensorInt64Data = 7, TensorRawData = 9, GraphValueInfo = 13;
    private const int Int64Type = 7;

    /// <summary>The rewritten model, or null with the reason when the file has no fixed batch of 1 to rewrite.</summary>
    public static byte[]? TryMakeDynamic(ReadOnlySpan<byte> model, out string reason)
    {
        var file = OnnxModelFile.Read(model);
        if (file.Inputs.Count != 1 || file.Inputs[0].Dims.Count == 0 || file.Inputs[0].Dims[0] != 1)
        {
            reason = $"its input is {string.Join(", ", file.Inputs)}, not one input with a fixed batch of 1";
            return null;
        }
        var output = new ArrayBufferWriter<byte>(model.Length + 64);
        var reshapes = 0;
        var reader = new ProtoReader(model);
        while (reader.Next())
        {
            if (reader.Field == OnnxModelFile.ModelGraph && reader.WireType == ProtoReader.LengthDelimited)
            {
                ProtoReader.WriteMessage(output, OnnxModelFile.ModelGraph, RewriteGraph(reader.ReadBytes(), out reshapes));
            }
            else
            {
                reader.Skip();
                output.Write(reader.Whole());
            }
        }
        reason = $"batch made dynamic: inputs, outputs and {reshapes} Reshape shape(s)";
        return output.WrittenSpan.ToArray();
    }

    private static byte[] RewriteGraph(ReadOnlySpan<byte> graph, out int reshapes)
    {
        var shapes = ReshapeShapes(graph);
        var output = new ArrayBufferWriter<byte>(graph.Length + 64);
        reshapes = 0;
        var reader = new ProtoReader(graph);
        while (reader.Next())
        {
            var lengthDelimited = reader.WireType == ProtoReader.LengthDelimited;
            if (lengthDelimited && reader.Field is OnnxModelFile.GraphInput or OnnxModelFile.GraphOutput)
            {
                var field = reader.Field;
                ProtoReader.WriteMessage(output, field, Nested(reader.ReadBytes(), [OnnxModelFile.ValueType, OnnxModelFile.TypeTensor, OnnxModelFile.TensorShape], DynamicFirstDim));
            }
            else if (reader.Field == GraphValueInfo)
            {
                reader.Skip();
            }
            else if (lengthDelimited && reader.Field == OnnxModelFile.GraphInitializer)
            {
                var tensor = reader.ReadBytes();
                if (shapes.Contains(OnnxModelFile.ReadTensorName(tensor)) && LeadingOneToZero(tensor) is { } rewritten)
                {
                    reshapes++;
                    ProtoReader.WriteMessage(output, OnnxModelFile.GraphInitializer, rewritten);
                }
                else
                {
                    output.Write(reader.Whole());
                }
            }
            else
            {
                reader.Skip();
                output.Write(reader.Whole());
            }
        }
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The names of the tensors Reshape nodes take as their target shape (their second input).</summary>
    private static HashSet<string> ReshapeShapes(ReadOnlySpan<byte> graph)
    {
        var shapes = new HashSet<string>(StringComparer.Ordinal);
        var reader = new ProtoReader(graph);
        while (reader.Next())
        {
            if (reader.Field != OnnxModelFile.GraphNode || reader.WireType != ProtoReader.LengthDelimited)
            {
                reader.Skip();
                continue;
            }
            var (op, inputs) = ("", new List<string>());
            var node = new ProtoReader(reader.ReadBytes());
            while (node.Next())
            {
                switch (node.Field)
                {
                    case NodeInput when node.WireType == ProtoReader.LengthDelimited: inputs.Add(node.ReadString()); break;
                    case NodeOpType when node.WireType == ProtoReader.LengthDelimited: op = node.ReadString(); break;
                    default: node.Skip(); break;
                }
            }
            if (op == "Reshape" && inputs.Count > 1)
            {
                shapes.Add(inputs[1]);
            }
        }
        return shapes;
    }

    /// <summary>Rewrites the message at the end of <paramref name="path"/> (a field number per level) with <paramref name="leaf"/>, copying the rest.</summary>
    private static byte[] Nested(ReadOnlySpan<byte> message, ReadOnlySpan<int> path, Func<ReadOnlySpan<byte>, byte[]> leaf)
    {
        if (path.IsEmpty)
        {
            return leaf(message);
        }
        var output = new ArrayBufferWriter<byte>(message.Length + 16);
        var reader = new ProtoReader(message);
        while (reader.Next())
        {
            if (reader.Field == path[0] && reader.WireType == ProtoReader.LengthDelimited)
            {
                ProtoReader.WriteMessage(output, path[0], Nested(reader.ReadBytes(), path[1..], leaf));
            }
            else
            {
                reader.Skip();
                output.Write(reader.Whole());
            }
        }
        return output.WrittenSpan.ToArray();
    }

    /// <summary>A TensorShapeProto whose first dimension is named <c>batch</c> instead of fixed.</summary>
    private static byte[] DynamicFirstDim(ReadOnlySpan<byte> shape)
    {
        var output = new ArrayBufferWriter<byte>(shape.Length + 8);
        var first = true;
        var reader = new ProtoReader(shape);
        while (reader.Next())
        {
            if (first && reader.Field == OnnxModelFile.ShapeDim && reader.WireType == ProtoReader.LengthDelimited)
            {
                first = false;
                reader.ReadBytes();
                var name = new ArrayBufferWriter<byte>();
                ProtoReader.WriteMessage(name, OnnxModelFile.DimParam, Encoding.UTF8.GetBytes("batch"));
                ProtoReader.WriteMessage(output, OnnxModelFile.ShapeDim, name.WrittenSpan);
            }
            else
            {
                reader.Skip();
                output.Write(reader.Whole());
            }
        }
        return output.WrittenSpan.ToArray();
    }

    /// <summary>An int64 TensorProto whose first value is 1, with 0 there instead; null for any other tensor.</summary>
    private static byte[]? LeadingOneToZero(ReadOnlySpan<byte> tensor)
    {
        var reader = new ProtoReader(tensor);
        var isInt64 = false;
        while (reader.Next())
        {
            if (reader.Field == TensorDataType && reader.WireType == ProtoReader.Varint)
            {
                isInt64 = (int)reader.ReadVarint() == Int64Type;
            }
            else
            {
                reader.Skip();
            }
        }
        if (!isInt64)
        {
            return null;
        }
        var output = new ArrayBufferWriter<byte>(tensor.Length);
        var changed = false;
        reader = new ProtoReader(tensor);
        while (reader.Next())
        {
            if (reader.Field == TensorRawData && reader.WireType == ProtoReader.LengthDelimited)
            {
                var raw = reader.ReadBytes().ToArray();
                if (raw.Length >= 8 && BinaryPrimitives.ReadInt64LittleEndian(raw) == 1)
                {
                    BinaryPrimitives.WriteInt64LittleEndian(raw, 0);
                    changed = true;
                }
                ProtoReader.WriteMessage(output, TensorRawData, raw);
            }
            else if (reader.Field == TensorInt64Data && reader.WireType == ProtoReader.LengthDelimited)
            {
                List<long> values = [];
                reader.ReadInt64s(values);
                if (values is [1, ..])
                {
                    values[0] = 0;
                    changed = true;
                }
                var packed = new ArrayBufferWriter<byte>();
                foreach (var value in values)
                {
                    ProtoReader.WriteVarint(packed, (ulong)value);
                }
                ProtoReader.WriteMessage(output, TensorInt64Data, packed.WrittenSpan);
            }
            else
            {
                reader.Skip();
                output.Write(reader.Whole());
            }
        }
        return changed ? output.WrittenSpan.ToArray() : null;
    }
}
