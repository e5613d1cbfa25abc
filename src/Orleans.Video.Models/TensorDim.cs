namespace Orleans.Video.Models;

/// <summary>One dimension of a graph input or output: a fixed size or a named, dynamic one (such as the batch "N").</summary>
public readonly record struct TensorDim(long? Value, string? Name)
{
    public static implicit operator TensorDim(long value) => new(value, null);

    public static implicit operator TensorDim(string name) => new(null, name);
}
