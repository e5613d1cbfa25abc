using Microsoft.ML.OnnxRuntime;

namespace Orleans.Video.Inference;

/// <summary>A loaded session and where it came from.</summary>
/// <param name="Provider">The execution provider the session runs on: "CUDA" or "CPU".</param>
/// <param name="Source">The model's file or builtin name, as messages show it.</param>
public sealed record OnnxModelSession(InferenceSession Session, string Provider, string Source) : IDisposable
{
    public void Dispose() => Session.Dispose();
}
