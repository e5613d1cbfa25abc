namespace Orleans.Video.Models;

/// <summary>
/// Assembles a single-graph ONNX model (IR version 8, default-domain opset 13) node by node, so small
/// deterministic models can be written as readable C# instead of being shipped as binaries. The model is written
/// in ONNX's protobuf encoding (onnx.proto's field numbers) by <see cref="ProtoWriter"/>.
/// </summary>
public sealed class OnnxGraphBuilder(string graphName)
{
    public const long IrVersion = 8;
    public const long OpsetVersion = 13;
    public const string ProducerName = "Orleans.Video.Models";

    /// <summary>onnx.proto's <c>TensorProto.DataType</c> values used here.</summary>
    private const int FloatType = 1;
    private const int Int64Type = 7;

    private readonly List<(string Name, TensorDim[] Shape)> _inputs = [];
    private readonly List<(string Name, TensorDim[] Shape)> _outputs = [];
    private readonly List<Initializer> _initializers = [];
    private readonly List<Node> _nodes = [];

    /// <summary>Declares a float graph input.</summary>
    public OnnxGraphBuilder AddInput(string name, params TensorDim[] shape)
    {
        _inputs.Add((name, shape));
        return this;
    }

    /// <summary>Declares a float graph output; some node must produce a value of that name.</summary>
    public OnnxGraphBuilder AddOutput(string name, params TensorDim[] shape)
    {
        _outputs.Add((name, shape));
        return this;
    }

    /// <summary>Adds a constant float tensor and returns its name for use as a node input.</summary>
    public string AddInitializer(string name, float[] values, params long[] shape)
    {
        CheckShape(name, values.Length, shape);
        _initializers.Add(new Initializer(name, shape, values, null));
        return name;
    }

    /// <summary>Adds a constant int64 tensor (axes, shapes) and returns its name.</summary>
    public string AddInitializer(string name, long[] values, params long[] shape)
    {
        CheckShape(name, values.Length, shape);
        _initializers.Add(new Initializer(name, shape, null, values));
        return name;
    }

    /// <summary>Adds a node with one output and returns the output's name, so calls can be nested like expressions.</summary>
    public string AddNode(string opType, IEnumerable<string> inputs, string output, params OnnxAttribute[] attributes)
    {
        _nodes.Add(new Node(opType, $"{opType}_{_nodes.Count}", [.. inputs], output, attributes));
        return output;
    }

    public static OnnxAttribute Attribute(string name, long value) => new(name, OnnxAttribute.Kind.Int, Int: value);

    public static OnnxAttribute Attribute(string name, float value) => new(name, OnnxAttribute.Kind.Float, Float: value);

    public static OnnxAttribute Attribute(string name, params long[] values) => new(name, OnnxAttribute.Kind.Ints, Ints: values);

    /// <summary>The serialized model (<c>ModelProto</c>), as ONNX Runtime's <c>InferenceSession(byte[])</c> takes it.</summary>
    public byte[] ToBytes(string? docString = null)
    {
        var model = new ProtoWriter();
        model.Int64(1, IrVersion);
        model.String(2, ProducerName);
        if (docString is not null)
        {
            model.String(6, docString);
        }
        model.Message(7, WriteGraph);
        model.Message(8, opset =>
        {
            opset.String(1, "");
            opset.Int64(2, OpsetVersion);
        });
        return model.ToArray();
    }

    private void WriteGraph(ProtoWriter graph)
    {
        foreach (var node in _nodes)
        {
            graph.Message(1, node.Write);
        }
        graph.String(2, graphName);
        foreach (var initializer in _initializers)
        {
            graph.Message(5, initializer.Write);
        }
        foreach (var (name, shape) in _inputs)
        {
            graph.Message(11, value => WriteFloatValueInfo(value, name, shape));
        }
        foreach (var (name, shape) in _outputs)
        {
            graph.Message(12, value => WriteFloatValueInfo(value, name, shape));
        }
    }

    /// <summary>A <c>ValueInfoProto</c> of a float tensor of the given shape.</summary>
    private static void WriteFloatValueInfo(ProtoWriter value, string name, TensorDim[] shape)
    {
        value.String(1, name);
        value.Message(2, type => type.Message(1, tensor =>
        {
            tensor.Int64(1, FloatType);
            tensor.Message(2, tensorShape =>
            {
                foreach (var dim in shape)
                {
                    tensorShape.Message(1, dimension =>
                    {
                        if (dim.Value is { } size)
                        {
                            dimension.Int64(1, size);
                        }
                        else
                        {
                            dimension.String(2, dim.Name ?? "?");
                        }
                    });
                }
            });
        }));
    }

    private static void CheckShape(string name, int count, long[] shape)
    {
        var expected = shape.Aggregate(1L, (product, dim) => product * dim);
        if (expected != count)
        {
            throw new ArgumentException($"initializer '{name}' has {count} values but its shape [{string.Join(",", shape)}] holds {expected}");
        }
    }

    /// <summary>A <c>TensorProto</c> holding float or int64 values.</summary>
    private sealed record Initializer(string Name, long[] Shape, float[]? Floats, long[]? Int64s)
    {
        public void Write(ProtoWriter tensor)
        {
            tensor.Int64s(1, Shape);
            tensor.Int64(2, Floats is not null ? FloatType : Int64Type);
            if (Floats is not null)
            {
                tensor.PackedFloats(4, Floats);
            }
            else
            {
                tensor.PackedInt64s(7, Int64s!);
            }
            tensor.String(8, Name);
        }
    }

    /// <summary>A <c>NodeProto</c> with one output.</summary>
    private sealed record Node(string OpType, string Name, string[] Inputs, string Output, OnnxAttribute[] Attributes)
    {
        public void Write(ProtoWriter node)
        {
            foreach (var input in Inputs)
            {
                node.String(1, input);
            }
            node.String(2, Output);
            node.String(3, Name);
            node.String(4, OpType);
            foreach (var attribute in Attributes)
            {
                node.Message(5, a => WriteAttribute(a, attribute));
            }
        }

        private static void WriteAttribute(ProtoWriter writer, OnnxAttribute attribute)
        {
            writer.String(1, attribute.Name);
            switch (attribute.Type)
            {
                case OnnxAttribute.Kind.Float:
                    writer.Float(2, attribute.Float);
                    break;
                case OnnxAttribute.Kind.Int:
                    writer.Int64(3, attribute.Int);
                    break;
                case OnnxAttribute.Kind.Ints:
                    writer.Int64s(8, attribute.Ints ?? []);
                    break;
            }
            writer.Int64(20, (long)attribute.Type);
        }
    }
}
