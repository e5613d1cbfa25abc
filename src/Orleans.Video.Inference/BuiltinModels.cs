using Orleans.Video.Models;

namespace Orleans.Video.Inference;

/// <summary>Models built in code (<see cref="ModelDefinition.Builtin"/>), so a silo can run without any model file.</summary>
public static class BuiltinModels
{
    /// <summary>The <see cref="BrightObjectDetector"/>: finds the one bright object, YOLOv8 output.</summary>
    public const string BrightObject = "bright-object";

    public static IReadOnlyList<string> Names { get; } = [BrightObject];

    public static bool Exists(string? name) => string.Equals(name, BrightObject, StringComparison.OrdinalIgnoreCase);

    /// <summary>The serialized ONNX model for the given input size.</summary>
    public static byte[] Build(string name, int inputWidth, int inputHeight) =>
        Exists(name)
            ? BrightObjectDetector.Build(inputWidth, inputHeight)
            : throw new ArgumentException($"unknown builtin model '{name}' (known: {string.Join(", ", Names)})", nameof(name));

    public static IReadOnlyList<string> Labels(string name) =>
        Exists(name) ? BrightObjectDetector.Labels : [];
}
