namespace Orleans.Video.Inference.OnnxFiles;

/// <summary>
/// What an ONNX file declares about itself, read from its bytes without ONNX Runtime: its graph's inputs and
/// outputs with their shapes, and its metadata (ultralytics' exports put their class names and input size there).
/// The silo reads it to fill in what a model's configuration leaves out, before any session exists.
/// </summary>
public sealed class OnnxModelFile
{
    // Field numbers of onnx.proto's messages, as far as this reads them.
    internal const int ModelGraph = 7, ModelMetadata = 14;
    internal const int GraphNode = 1, GraphInitializer = 5, GraphInput = 11, GraphOutput = 12;
    internal const int ValueName = 1, ValueType = 2, TypeTensor = 1, TensorShape = 2, ShapeDim = 1, DimValue = 1, DimParam = 2;
    internal const int EntryKey = 1, EntryValue = 2, TensorName = 8;

    private OnnxModelFile(IReadOnlyList<OnnxValue> inputs, IReadOnlyList<OnnxValue> outputs, IReadOnlyDictionary<string, string> metadata)
    {
        Inputs = inputs;
        Outputs = outputs;
        Metadata = metadata;
    }

    /// <summary>The graph's inputs that are fed at run time (initializers listed as inputs by old exports are left out).</summary>
    public IReadOnlyList<OnnxValue> Inputs { get; }

    public IReadOnlyList<OnnxValue> Outputs { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <exception cref="InvalidDataException">The bytes are not an ONNX model.</exception>
    public static OnnxModelFile Read(ReadOnlySpan<byte> model)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        List<OnnxValue> inputs = [], outputs = [];
        var initializers = new HashSet<string>(StringComparer.Ordinal);
        var sawGraph = false;
        var reader = new ProtoReader(model);
        while (reader.Next())
        {
            if (reader.Field == ModelGraph && reader.WireType == ProtoReader.LengthDelimited)
            {
                sawGraph = true;
                ReadGraph(reader.ReadBytes(), inputs, outputs, initializers);
            }
            else if (reader.Field == ModelMetadata && reader.WireType == ProtoReader.LengthDelimited)
            {
                var (key, value) = ReadEntry(reader.ReadBytes());
                metadata[key] = value;
            }
            else
            {
                reader.Skip();
            }
        }
        if (!sawGraph || outputs.Count == 0)
        {
            throw new InvalidDataException("not an ONNX model: no graph with outputs");
        }
        return new OnnxModelFile(inputs.Where(i => !initializers.Contains(i.Name)).ToArray(), outputs, metadata);
    }

    private static void ReadGraph(ReadOnlySpan<byte> graph, List<OnnxValue> inputs, List<OnnxValue> outputs, HashSet<string> initializers)
    {
        var reader = new ProtoReader(graph);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case GraphInput when reader.WireType == ProtoReader.LengthDelimited:
                    inputs.Add(ReadValue(reader.ReadBytes()));
                    break;
                case GraphOutput when reader.WireType == ProtoReader.LengthDelimited:
                    outputs.Add(ReadValue(reader.ReadBytes()));
                    break;
                case GraphInitializer when reader.WireType == ProtoReader.LengthDelimited:
                    initializers.Add(ReadTensorName(reader.ReadBytes()));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    private static OnnxValue ReadValue(ReadOnlySpan<byte> value)
    {
        var name = "";
        List<long> dims = [];
        var reader = new ProtoReader(value);
        while (reader.Next())
        {
            if (reader.Field == ValueName && reader.WireType == ProtoReader.LengthDelimited)
            {
                name = reader.ReadString();
            }
            else if (reader.Field == ValueType && reader.WireType == ProtoReader.LengthDelimited)
            {
                var type = new ProtoReader(reader.ReadBytes());
                while (type.Next())
                {
                    if (type.Field == TypeTensor && type.WireType == ProtoReader.LengthDelimited)
                    {
                        ReadTensorType(type.ReadBytes(), dims);
                    }
                    else
                    {
                        type.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }
        return new OnnxValue(name, dims);
    }

    private static void ReadTensorType(ReadOnlySpan<byte> tensor, List<long> dims)
    {
        var reader = new ProtoReader(tensor);
        while (reader.Next())
        {
            if (reader.Field != TensorShape || reader.WireType != ProtoReader.LengthDelimited)
            {
                reader.Skip();
                continue;
            }
            var shape = new ProtoReader(reader.ReadBytes());
            while (shape.Next())
            {
                if (shape.Field == ShapeDim && shape.WireType == ProtoReader.LengthDelimited)
                {
                    dims.Add(ReadDim(shape.ReadBytes()));
                }
                else
                {
                    shape.Skip();
                }
            }
        }
    }

    /// <summary>A dimension's fixed size, or -1 for a named (dynamic) or unknown one.</summary>
    private static long ReadDim(ReadOnlySpan<byte> dim)
    {
        var reader = new ProtoReader(dim);
        while (reader.Next())
        {
            if (reader.Field == DimValue && reader.WireType == ProtoReader.Varint)
            {
                return (long)reader.ReadVarint();
            }
            reader.Skip();
        }
        return -1;
    }

    private static (string Key, string Value) ReadEntry(ReadOnlySpan<byte> entry)
    {
        var (key, value) = ("", "");
        var reader = new ProtoReader(entry);
        while (reader.Next())
        {
            switch (reader.Field)
            {
                case EntryKey when reader.WireType == ProtoReader.LengthDelimited: key = reader.ReadString(); break;
                case EntryValue when reader.WireType == ProtoReader.LengthDelimited: value = reader.ReadString(); break;
                default: reader.Skip(); break;
            }
        }
        return (key, value);
    }

    internal static string ReadTensorName(ReadOnlySpan<byte> tensor)
    {
        var reader = new ProtoReader(tensor);
        while (reader.Next())
        {
            if (reader.Field == TensorName && reader.WireType == ProtoReader.LengthDelimited)
            {
                return reader.ReadString();
            }
            reader.Skip();
        }
        return "";
    }
}

/// <summary>A graph input or output: its name and shape, -1 for a dimension that is not fixed.</summary>
public sealed record OnnxValue(string Name, IReadOnlyList<long> Dims)
{
    public override string ToString() => $"{Name}[{string.Join(",", Dims.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]";
}
