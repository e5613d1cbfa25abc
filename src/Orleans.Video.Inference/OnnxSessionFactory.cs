using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using Orleans.Video.Inference.OnnxFiles;

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

    /// <summary>Loads a model as one session. The result says which execution provider it runs on.</summary>
    /// <exception cref="InvalidOperationException">The model cannot be loaded; the message names the model and its file.</exception>
    public OnnxModelSession Create(string name, ModelDefinition model) => Create(name, model, Read(name, model), ThreadsPerSession(1));

    /// <summary>
    /// The model's bytes: built for a builtin, else read from its file and checked against <see cref="ModelDefinition.Sha256"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file cannot be read or is not the one configured.</exception>
    public byte[] Read(string name, ModelDefinition model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var source = ModelSource.Describe(model);
        try
        {
            if (model.Builtin is { Length: > 0 } builtin)
            {
                return BuiltinModels.Build(builtin, model.InputWidth, model.InputHeight);
            }
            var bytes = File.ReadAllBytes(model.Path ?? throw new InvalidOperationException("neither Path nor Builtin is set"));
            if (model.Sha256 is { Length: > 0 } expected)
            {
                var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
                if (!string.Equals(actual, expected.Trim(), StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException(
                        $"its sha256 is {actual}, but Inference:Models:{name}:Sha256 says {expected}: the file is not the model configured (swapped, damaged or cut short)");
                }
            }
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidOperationException($"Model '{name}': cannot load {source}: {e.Message}", e);
        }
    }

    /// <summary>A session of the model's bytes (from <see cref="Read"/>, perhaps rewritten), with this many threads inside an operator (0: ONNX Runtime's default).</summary>
    /// <exception cref="InvalidOperationException">ONNX Runtime refuses the model; the message names the model and its file.</exception>
    public OnnxModelSession Create(string name, ModelDefinition model, byte[] bytes, int intraOpThreads)
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
            if (intraOpThreads > 0)
            {
                sessionOptions.IntraOpNumThreads = intraOpThreads;
            }
            sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", options.Value.AllowSpinning ? "1" : "0");
            var provider = options.Value.UseCuda && TryAppendCuda(name, sessionOptions) ? CudaProvider : CpuProvider;
            // ONNX Runtime copies the options into the session, so disposing them afterwards is safe.
            return new OnnxModelSession(new InferenceSession(bytes, sessionOptions), provider, source);
        }
        catch (Exception e) when (e is OnnxRuntimeException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidOperationException($"Model '{name}': cannot load {source}: {e.Message}", e);
        }
    }

    /// <summary>The most sessions of one model <see cref="SessionsFor"/> chooses on a CPU: more cores than this share them.</summary>
    public const int MaxAutoSessions = 8;

    /// <summary>
    /// Sessions of <paramref name="model"/> to run side by side: its <see cref="ModelDefinition.Sessions"/>, else on CUDA
    /// two (one fills its input while the other's runs), else one per core. On a CPU, single-threaded sessions side by
    /// side beat one session with a thread per core: a session's threads meet after every operator, and on a silo
    /// whose cores also decode video one of them is often waiting for a core a decoder holds, while a lone session
    /// runs whenever any core is free (measured in performance.md: 88 against 80 frames/s at 8 cameras on 2 cores,
    /// and a fifth of the latency).
    /// </summary>
    public int SessionsFor(ModelDefinition model) =>
        model.Sessions > 0 ? model.Sessions
        : options.Value.UseCuda ? 2
        : Math.Clamp(Environment.ProcessorCount, 1, MaxAutoSessions);

    /// <summary>
    /// Threads inside one operator for each of <paramref name="sessions"/> sessions run side by side:
    /// <see cref="InferenceOptions.IntraOpThreads"/> when set, else the silo's cores shared among the sessions
    /// (0, ONNX Runtime's default of one per core, for a lone session).
    /// </summary>
    public int ThreadsPerSession(int sessions) =>
        options.Value.IntraOpThreads > 0 ? options.Value.IntraOpThreads
        : sessions <= 1 ? 0
        : Math.Max(1, Environment.ProcessorCount / sessions);

    /// <summary>
    /// <see cref="ModelDefinition.MakeBatchDynamic"/>: the model rewritten for a dynamic batch when the rewrite holds (a
    /// batch of two gives what each frame gives alone), else the bytes as they were; the note says which, and why.
    /// </summary>
    public (byte[] Bytes, bool Dynamic, string Note) TryDynamicBatch(string name, ModelDefinition model, byte[] bytes)
    {
        byte[]? rewritten;
        string reason;
        try
        {
            rewritten = OnnxBatchRewrite.TryMakeDynamic(bytes, out reason);
        }
        catch (InvalidDataException e)
        {
            return (bytes, false, $"the batch could not be rewritten: {e.Message}");
        }
        if (rewritten is null)
        {
            return (bytes, false, $"the batch was not rewritten: {reason}");
        }
        try
        {
            using var session = Create(name, model, rewritten, ThreadsPerSession(1));
            return BatchCheck.Agrees(session.Session, out var difference)
                ? (rewritten, true, reason)
                : (bytes, false, $"the rewritten batch does not hold ({difference}); running at batch 1");
        }
        catch (Exception e) when (e is InvalidOperationException or OnnxRuntimeException)
        {
            return (bytes, false, $"the rewritten batch does not run ({e.Message}); running at batch 1");
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
