using Google.Protobuf;
using Onnx;

namespace Orleans.Video.Models;

/// <summary>
/// Assembles a single-graph ONNX model (IR version 8, default-domain opset 13) node by node, so small
/// deterministic models can be written as readable C# instead of being shipped as binaries.
/// </summary>
public sealed class OnnxGraphBuilder(string graphName)
{
    public const long IrVersion = 8;
    public const long OpsetVersion = 13;

    private readonly GraphProto _graph = new() { Name = graphName };
    private int _nodeCount;

    /// <summary>Declares a float graph input.</summary>
    public OnnxGraphBuilder AddInput(string name, params TensorDim[] shape)
    {
        _graph.Input.Add(FloatValueInfo(name, shape));
        return this;
    }

    /// <summary>Declares a float graph output; some node must produce a value of that name.</summary>
    public OnnxGraphBuilder AddOutput(string name, params TensorDim[] shape)
    {
        _graph.Output.Add(FloatValueInfo(name, shape));
        return this;
    }

    /// <summary>Adds a constant float tensor and returns its name for use as a node input.</summary>
    public string AddInitializer(string name, float[] values, params long[] shape)
    {
        var tensor = NewTensor(name, TensorProto.Types.DataType.Float, values.Length, shape);
        tensor.FloatData.Add(values);
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds a constant int64 tensor (axes, shapes) and returns its name.</summary>
    public string AddInitializer(string name, long[] values, params long[] shape)
    {
        var tensor = NewTensor(name, TensorProto.Types.DataType.Int64, values.Length, shape);
        tensor.Int64Data.Add(values);
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds a node with one output and returns the output's name, so calls can be nested like expressions.</summary>
    public string AddNode(string opType, IEnumerable<string> inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{_nodeCount++}" };
        node.Input.Add(inputs);
        node.Output.Add(output);
        node.Attribute.Add(attributes);
        _graph.Node.Add(node);
        return output;
    }

    public static AttributeProto Attribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Attribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Attribute(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        return attribute;
    }

    /// <summary>The model as a protobuf message (a copy of the graph, so the builder can keep going).</summary>
    public ModelProto ToModel(string? docString = null)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Orleans.Video.Models",
            Graph = _graph.Clone(),
        };
        if (docString is not null)
        {
            model.DocString = docString;
        }
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        return model;
    }

    /// <summary>The serialized model, as ONNX Runtime's <c>InferenceSession(byte[])</c> takes it.</summary>
    public byte[] ToBytes(string? docString = null) => ToModel(docString).ToByteArray();

    private static TensorProto NewTensor(string name, TensorProto.Types.DataType type, int count, long[] shape)
    {
        var expected = shape.Aggregate(1L, (product, dim) => product * dim);
        if (expected != count)
        {
            throw new ArgumentException($"initializer '{name}' has {count} values but its shape [{string.Join(",", shape)}] holds {expected}");
        }
        var tensor = new TensorProto { Name = name, DataType = (int)type };
        tensor.Dims.Add(shape);
        return tensor;
    }

    private static ValueInfoProto FloatValueInfo(string name, TensorDim[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var dim in shape)
        {
            tensorShape.Dim.Add(dim.Value is { } value
                ? new TensorShapeProto.Types.Dimension { DimValue = value }
                : new TensorShapeProto.Types.Dimension { DimParam = dim.Name ?? "?" });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor
                {
                    ElemType = (int)TensorProto.Types.DataType.Float,
                    Shape = tensorShape,
                },
            },
        };
    }
}
