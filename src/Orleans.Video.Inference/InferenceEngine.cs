using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Video.Inference;

/// <summary>
/// The process-wide engine: a runner per catalog model, whatever its backend (ONNX Runtime's <see cref="ModelRunner"/>
/// with dynamic batching, or <see cref="OpenCvRunner"/> for HOG people and BlazeFace). As a hosted service it loads and
/// warms up every model at start; a model that fails to load is logged and remembered with its error, and the
/// others still serve. A model not loaded yet (engine used without the host) loads on its first request.
/// </summary>
public sealed class InferenceEngine : IInferenceEngine, IHostedService, IAsyncDisposable, IDisposable
{
    private readonly IModelCatalog _catalog;
    private readonly OnnxSessionFactory _sessions;
    private readonly InferenceOptions _options;
    private readonly ILogger<InferenceEngine> _logger;
    private readonly Dictionary<string, Lazy<LoadResult>> _models = new(StringComparer.OrdinalIgnoreCase);
    private Task? _stopping;

    public InferenceEngine(IModelCatalog catalog, OnnxSessionFactory sessions, IOptions<InferenceOptions> options, ILogger<InferenceEngine> logger)
    {
        _catalog = catalog;
        _sessions = sessions;
        _options = options.Value;
        _logger = logger;
        foreach (var name in catalog.Names)
        {
            _models[name] = new Lazy<LoadResult>(() => Load(name), LazyThreadSafetyMode.ExecutionAndPublication);
        }
        // The queue-depth gauge reads this engine's queues until it stops.
        InferenceMetrics.Observe(this);
    }

    /// <summary>
    /// ONNX models that run on the CPU although CUDA was asked for (<see cref="InferenceOptions.UseCuda"/>): no CUDA
    /// runtime, no GPU in the container, or the CPU package. A GPU silo in that state draws all inference and must say so.
    /// </summary>
    public string? CudaUnavailable => _sessions.CudaUnavailable;

    public IReadOnlyList<string> CudaFallbacks() => _options.UseCuda
        ? _models.Where(entry => entry.Value.IsValueCreated && entry.Value.Value.Runner?.Provider == OnnxSessionFactory.CpuProvider).Select(entry => entry.Key).Order().ToList()
        : [];

    /// <summary>Frames waiting in each loaded model's queue.</summary>
    internal IEnumerable<(string Model, int Frames)> QueueDepths() => _models
        .Where(entry => entry.Value.IsValueCreated && entry.Value.Value.Runner is not null)
        .Select(entry => (entry.Key, entry.Value.Value.Runner!.QueueLength));

    /// <summary>Loads and warms up every model, one after another (ONNX Runtime and OpenCV use every core for each).</summary>
    public Task StartAsync(CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            foreach (var model in _models.Values)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _ = model.Value;
            }
        }, cancellationToken);

    /// <summary>Serves the frames already queued, then releases every session. Later calls share the first one's work.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_models)
        {
            _stopping ??= StopRunnersAsync();
        }
        return _stopping.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    // For containers disposed synchronously; stopping only waits for frames already queued.
    public void Dispose() => StopAsync(CancellationToken.None).GetAwaiter().GetResult();

    public Task<IReadOnlyList<Detection>> DetectAsync(FramePacket frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _stopping) is not null, this);
        if (string.IsNullOrEmpty(frame.Model) || !_models.TryGetValue(frame.Model, out var model))
        {
            throw new InvalidOperationException($"Unknown model '{frame.Model}'; known models: {ModelCatalog.Describe(_catalog.Names)}");
        }
        var loaded = model.Value;
        if (loaded.Runner is null)
        {
            throw new InvalidOperationException($"Model '{frame.Model}' failed to load: {loaded.Error}");
        }
        return loaded.Runner.DetectAsync(frame, cancellationToken);
    }

    public IReadOnlyList<ModelStatus> GetStatus() => _models.Keys.Order(StringComparer.OrdinalIgnoreCase).Select(GetStatus).ToArray();

    public ModelStatus GetStatus(string model)
    {
        if (!_models.TryGetValue(model, out var slot))
        {
            throw new ArgumentException($"unknown model '{model}'; known models: {ModelCatalog.Describe(_catalog.Names)}", nameof(model));
        }
        // From the catalog's definition: an operator choosing labels needs them before any camera has loaded the model.
        var labels = ModelLabels.Of(_catalog.Get(model));
        if (!slot.IsValueCreated)
        {
            return new ModelStatus(model, false, null, null, false, 0, 0, 0, 0, Labels: labels);
        }
        var (runner, error) = slot.Value;
        return runner is null
            ? new ModelStatus(model, false, error, null, false, 0, 0, 0, 0, Labels: labels)
            : new ModelStatus(model, true, null, runner.Provider, runner.DynamicBatch, runner.Runs, runner.Frames, runner.LastBatchSize, runner.QueueLength,
                _options.UseCuda && runner.Provider == OnnxSessionFactory.CpuProvider ? _sessions.CudaUnavailable : null, labels);
    }

    private async Task StopRunnersAsync()
    {
        InferenceMetrics.Forget(this);
        foreach (var model in _models.Values)
        {
            if (model.IsValueCreated && model.Value.Runner is { } runner)
            {
                await runner.DisposeAsync();
            }
        }
    }

    private LoadResult Load(string name)
    {
        var model = _catalog.Get(name);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var labels = DetectionDecoders.Labels(model);
            IModelRunner runner = model.Format.RunsOnOpenCv()
                ? OpenCvRunner.Start(name, ModelSource.Describe(model), model, OpenCvDetectors.Create(name, model, labels), _options, _logger)
                : StartOnnx(name, model, labels);
            InferenceLog.ModelLoaded(_logger, name, runner.Source, runner.Provider, runner.Input, runner.Batching, runner.Output,
                model.Format, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return new LoadResult(runner, null);
        }
        catch (Exception e)
        {
            // The factories' messages name the model and file already; errors after loading (shape checks, warm-up) get the same context.
            var error = e.Message.StartsWith($"Model '{name}'", StringComparison.Ordinal)
                ? e.Message
                : $"Model '{name}' ({ModelSource.Describe(model)}): {e.Message}";
            InferenceLog.ModelLoadFailed(_logger, name, error, e);
            return new LoadResult(null, error);
        }
    }

    private ModelRunner StartOnnx(string name, ModelDefinition model, IReadOnlyList<string> labels)
    {
        var bytes = _sessions.Read(name, model);
        var note = "";
        if (model.MakeBatchDynamic)
        {
            (bytes, _, note) = _sessions.TryDynamicBatch(name, model, bytes);
        }
        var count = _sessions.SessionsFor(model);
        var threads = _sessions.ThreadsPerSession(count);
        var sessions = new List<OnnxModelSession>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                sessions.Add(_sessions.Create(name, model, bytes, threads));
            }
            return ModelRunner.Start(name, model, [.. sessions], labels, note, _options, _logger);
        }
        catch
        {
            foreach (var session in sessions)
            {
                session.Dispose();
            }
            throw;
        }
    }

    private readonly record struct LoadResult(IModelRunner? Runner, string? Error);
}
