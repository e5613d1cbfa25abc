namespace Orleans.Video.Models;

/// <summary>A node attribute: one int, one float or a list of ints (ONNX <c>AttributeProto</c>).</summary>
public sealed record OnnxAttribute(string Name, OnnxAttribute.Kind Type, long Int = 0, float Float = 0, long[]? Ints = null)
{
    /// <summary>ONNX's <c>AttributeProto.AttributeType</c> values for the kinds this builder writes.</summary>
    public enum Kind
    {
        Float = 1,
        Int = 2,
        Ints = 7,
    }
}
