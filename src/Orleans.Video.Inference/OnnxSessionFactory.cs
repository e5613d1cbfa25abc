using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Orleans.Video.Inference;

/// <summary>Creates ONNX Runtime sessions for catalog models, on CUDA when asked and available, else on CPU.</summary>
public sealed class OnnxSessionFactory(IOptions<InferenceOptions> options, ILogger<OnnxSessionFactory> logger)
{
    /// <summary>The provider names a session reports (<see cref="OnnxModelSession.Provider"/>).</summary>
    public const string CudaProvider = "CUDA";
    public const string CpuProvider = "CPU";

    /// <summary>ONNX Runtime's CUDA provider, beside its main library in the GPU flavour only.</summary>
    private const string CudaProviderLibrary = "libonnxruntime_providers_cuda.so";

    /// <summary>Why CUDA, asked for, could not be used on this silo (the same for every model); null otherwise.</summary>
    public string? CudaUnavailable { get; private set; }

    /// <summary>Loads a model. The result says which execution provider it runs on.</summary>
    /// <exception cref="InvalidOperationException">The model cannot be loaded; the message names the model and its file.</exception>
    public OnnxModelSession Create(string name, ModelDefinition model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var source = ModelSource.Describe(model);
        try
        {
            using var sessionOptions = new SessionOptions
            {
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
                LogId = name,
            };
            if (options.Value.IntraOpThreads > 0)
            {
                sessionOptions.IntraOpNumThreads = options.Value.IntraOpThreads;
            }
            sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", options.Value.AllowSpinning ? "1" : "0");
            var provider = options.Value.UseCuda && TryAppendCuda(name, sessionOptions) ? CudaProvider : CpuProvider;
            // ONNX Runtime copies the options into the session, so disposing them afterwards is safe.
            var session = model.Builtin is { Length: > 0 } builtin
                ? new InferenceSession(BuiltinModels.Build(builtin, model.InputWidth, model.InputHeight), sessionOptions)
                : new InferenceSession(model.Path ?? throw new InvalidOperationException("neither Path nor Builtin is set"), sessionOptions);
            return new OnnxModelSession(session, provider, source);
        }
        catch (Exception e) when (e is OnnxRuntimeException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidOperationException($"Model '{name}': cannot load {source}: {e.Message}", e);
        }
    }

    private bool TryAppendCuda(string name, SessionOptions sessionOptions)
    {
        try
        {
            sessionOptions.AppendExecutionProvider_CUDA(0);
            return true;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or OnnxRuntimeException or DllNotFoundException)
        {
            CudaUnavailable = WhyCudaFails(e);
            InferenceLog.CudaUnavailable(logger, name, CudaUnavailable);
            return false;
        }
    }

    /// <summary>
    /// ONNX Runtime only says it could not load a library; the dynamic loader says which one is missing (libcudart,
    /// libcublasLt, ...), which is what an operator has to install. The CPU package has no CUDA provider at all.
    /// </summary>
    private static string WhyCudaFails(Exception e)
    {
        var provider = Path.Combine(AppContext.BaseDirectory, CudaProviderLibrary);
        if (!File.Exists(provider))
        {
            return $"this silo is built with ONNX Runtime's CPU package (build with -p:OnnxRuntimeFlavor=Gpu): {e.Message}";
        }
        try
        {
            NativeLibrary.Free(NativeLibrary.Load(provider));
            return e.Message;
        }
        catch (DllNotFoundException load)
        {
            // .NET's message ends with the loader's own line: "libcublasLt.so.13: cannot open shared object file: ...".
            var loader = load.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
            return $"{CudaProviderLibrary} cannot load: {loader} (the GPU flavour needs the NVIDIA driver, CUDA 13 and cuDNN 9)";
        }
    }
}
