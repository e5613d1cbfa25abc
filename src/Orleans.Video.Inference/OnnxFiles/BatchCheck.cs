using Microsoft.ML.OnnxRuntime;

namespace Orleans.Video.Inference.OnnxFiles;

/// <summary>
/// Whether a session with a dynamic batch gives each item of a batch what that item gives alone: two different
/// inputs run together, then one at a time, and every output value compared. A rewritten graph that still mixes
/// items or keeps a batch of 1 somewhere fails here rather than on a camera's frames.
/// </summary>
internal static class BatchCheck
{
    // Float sums run in another order at another batch size; real disagreement is orders of magnitude larger.
    private const float Tolerance = 1e-3f;

    public static bool Agrees(InferenceSession session, out string difference)
    {
        var (name, metadata) = session.InputMetadata.First();
        var dims = metadata.Dimensions;
        if (dims.Length != 4 || dims[1] <= 0 || dims[2] <= 0 || dims[3] <= 0)
        {
            difference = $"input {name}[{string.Join(",", dims)}] is not a fixed-size image";
            return false;
        }
        var item = dims[1] * dims[2] * dims[3];
        var both = new float[2 * item];
        for (var i = 0; i < item; i++)
        {
            // Two unlike images: a ramp, and a pattern of stripes, in the 0–255 range a byte-valued model expects.
            both[i] = i % 256;
            both[item + i] = i / 7 % 2 * 200;
        }
        var together = Run(session, both, 2, dims);
        var first = Run(session, both.AsSpan(0, item).ToArray(), 1, dims);
        var second = Run(session, both.AsSpan(item).ToArray(), 1, dims);
        if (together.Length != first.Length + second.Length)
        {
            difference = $"a batch of 2 gives {together.Length} values, one at a time {first.Length} + {second.Length}";
            return false;
        }
        var worst = 0f;
        var alone = first.Concat(second).ToArray();
        for (var i = 0; i < alone.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(together[i] - alone[i]) / Math.Max(1, Math.Abs(alone[i])));
        }
        difference = $"largest difference {worst:g3}";
        return worst <= Tolerance;
    }

    private static float[] Run(InferenceSession session, float[] input, int batch, int[] dims)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, [batch, dims[1], dims[2], dims[3]]);
        using var options = new RunOptions();
        using var outputs = session.Run(options, [session.InputNames[0]], [value], [session.OutputNames[0]]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
