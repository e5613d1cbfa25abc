using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Orleans.Video.Inference;

/// <summary>
/// One loaded model and its batch loop, in the manner of Triton's dynamic batcher: requests queue in a bounded
/// channel; the loop takes the first, gathers more until <see cref="InferenceOptions.MaxBatch"/> frames or until
/// the first has waited <see cref="InferenceOptions.MaxBatchWait"/>, fills one [B, 3, H, W] tensor, makes one
/// <c>Run</c> call and completes each request with its own frame's detections. A model whose batch dimension is
/// fixed at 1 gets the same gathering, then one call per frame.
/// </summary>
internal sealed class ModelRunner : IModelRunner
{
    private readonly string _name;
    private readonly OnnxModelSession _session;
    private readonly IDetectionDecoder _decoder;
    private readonly FrameTensor _tensor;
    private readonly ILogger _logger;
    private readonly RequestQueue _queue;
    private readonly int _maxBatch;
    private readonly int _maxFramesPerRun;
    private readonly long _maxWaitTicks;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    // Pinned once for the model's life: the tensor ONNX Runtime reads is a view of it, with no copy per run.
    private readonly float[] _input;
    private readonly RunOptions _runOptions = new();
    private readonly Task _loop;
    private long _runs;
    private long _frames;
    private int _lastBatchSize;

    private ModelRunner(string name, OnnxModelSession session, IDetectionDecoder decoder, FrameTensor tensor, bool dynamicBatch, InferenceOptions options, ILogger logger)
    {
        _name = name;
        _session = session;
        _decoder = decoder;
        _tensor = tensor;
        _logger = logger;
        DynamicBatch = dynamicBatch;
        _maxBatch = options.MaxBatch;
        _maxFramesPerRun = dynamicBatch ? options.MaxBatch : 1;
        _maxWaitTicks = (long)(options.MaxBatchWait.TotalSeconds * Stopwatch.Frequency);
        _inputNames = [session.Session.InputNames[0]];
        _outputNames = [session.Session.OutputNames[0]];
        _input = GC.AllocateUninitializedArray<float>(_maxFramesPerRun * tensor.ImageLength, pinned: true);
        _queue = new RequestQueue(name, tensor.InputWidth, tensor.InputHeight, options.MaxBatch * 4);
        try
        {
            WarmUp();
        }
        catch
        {
            _runOptions.Dispose();
            throw;
        }
        _loop = Task.Run(LoopAsync);
    }

    public string Source => _session.Source;

    public string Provider => _session.Provider;

    public string Input => Describe(_session.Session.InputMetadata.First());

    public string Batching => DynamicBatch ? $"dynamic batch up to {_maxBatch}" : "batch 1";

    public string Output => Describe(_session.Session.OutputMetadata.First());

    public bool DynamicBatch { get; }

    public FrameTensor Tensor => _tensor;

    public long Runs => Interlocked.Read(ref _runs);

    public long Frames => Interlocked.Read(ref _frames);

    public int LastBatchSize => Volatile.Read(ref _lastBatchSize);

    public int QueueLength => _queue.Count;

    /// <summary>Checks the session's input against the definition, runs one blank frame, and starts the batch loop.</summary>
    /// <exception cref="InvalidOperationException">The model's input or output does not fit the definition.</exception>
    public static ModelRunner Start(string name, ModelDefinition model, OnnxModelSession session, IReadOnlyList<string> labels, InferenceOptions options, ILogger logger)
    {
        var inputs = session.Session.InputMetadata;
        if (inputs.Count != 1)
        {
            throw new InvalidOperationException($"Model '{name}' ({session.Source}) has {inputs.Count} inputs; one image input [N,3,H,W] is supported");
        }
        var (inputName, input) = inputs.First();
        var dims = input.Dimensions;
        if (input.ElementType != typeof(float) || dims.Length != 4
            || !Fits(dims[1], 3) || !Fits(dims[2], model.InputHeight) || !Fits(dims[3], model.InputWidth))
        {
            throw new InvalidOperationException(
                $"Model '{name}' ({session.Source}) input '{inputName}' is {input.ElementType.Name}[{string.Join(",", dims)}], " +
                $"but the configuration expects float[N,3,{model.InputHeight},{model.InputWidth}] (Inference:Models:{name}:InputWidth/InputHeight)");
        }
        if (dims[0] > 1)
        {
            throw new InvalidOperationException($"Model '{name}' ({session.Source}) has a fixed batch of {dims[0]}; export it with batch 1 or a dynamic batch");
        }
        return new ModelRunner(name, session, DetectionDecoders.For(model, labels), FrameTensor.For(model), dynamicBatch: dims[0] <= 0, options, logger);
    }

    /// <summary>Queues a frame (waiting when the queue is full) and returns its detections when its batch has run.</summary>
    /// <exception cref="ArgumentException">The packet does not fit this model's input.</exception>
    public Task<IReadOnlyList<Detection>> DetectAsync(FramePacket frame, CancellationToken cancellationToken) =>
        _queue.EnqueueAsync(frame, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // Requests already queued are still served; then the session goes.
        _queue.Complete();
        await _loop;
        _runOptions.Dispose();
        _session.Dispose();
    }

    private static bool Fits(long actual, int expected) => actual <= 0 || actual == expected;

    private static string Describe(KeyValuePair<string, NodeMetadata> node) => $"{node.Key}[{string.Join(",", node.Value.Dimensions)}]";

    private void WarmUp()
    {
        // The first Run allocates and plans; do it at load so the first camera frame does not pay for it.
        _tensor.FillBlank(_input.AsSpan(0, _tensor.ImageLength));
        using var input = CreateInput(1);
        using var outputs = _session.Session.Run(_runOptions, _inputNames, [input], _outputNames);
    }

    private async Task LoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<InferenceRequest>(_maxBatch);
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            Drain(reader, batch);
            if (batch.Count == 0)
            {
                continue;
            }
            // The wait counts from when the oldest frame was queued: a frame that queued behind a slow run has waited already.
            var waited = Stopwatch.GetTimestamp() - batch[0].EnqueuedAt;
            if (batch.Count < _maxBatch && waited < _maxWaitTicks)
            {
                await GatherAsync(reader, batch, TimeSpan.FromSeconds((double)(_maxWaitTicks - waited) / Stopwatch.Frequency));
            }
            for (var start = 0; start < batch.Count; start += _maxFramesPerRun)
            {
                RunBatch(batch, start, Math.Min(_maxFramesPerRun, batch.Count - start));
            }
        }
    }

    private void Drain(ChannelReader<InferenceRequest> reader, List<InferenceRequest> batch)
    {
        while (batch.Count < _maxBatch && reader.TryRead(out var request))
        {
            if (request.IsPending)
            {
                batch.Add(request);
            }
        }
    }

    private async Task GatherAsync(ChannelReader<InferenceRequest> reader, List<InferenceRequest> batch, TimeSpan remaining)
    {
        using var deadline = new CancellationTokenSource(remaining);
        try
        {
            while (batch.Count < _maxBatch && await reader.WaitToReadAsync(deadline.Token))
            {
                Drain(reader, batch);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // The batch has waited long enough; run what there is.
        }
    }

    private void RunBatch(List<InferenceRequest> batch, int start, int count)
    {
        var started = Stopwatch.GetTimestamp();
        var imageLength = _tensor.ImageLength;
        for (var i = 0; i < count; i++)
        {
            _tensor.Fill(_input.AsSpan(i * imageLength, imageLength), batch[start + i].Frame);
        }
        try
        {
            using var input = CreateInput(count);
            using var outputs = _session.Session.Run(_runOptions, _inputNames, [input], _outputNames);
            var output = outputs[0];
            var data = output.GetTensorDataAsSpan<float>();
            var shape = output.GetTensorTypeAndShape().Shape;
            Interlocked.Increment(ref _runs);
            Interlocked.Add(ref _frames, count);
            Volatile.Write(ref _lastBatchSize, count);
            for (var i = 0; i < count; i++)
            {
                var request = batch[start + i];
                try
                {
                    request.Complete(_decoder.Decode(data, shape, i, request.Frame.Letterbox));
                }
                catch (Exception e)
                {
                    InferenceLog.DecodeFailed(_logger, _name, request.Frame.CameraId, e);
                    request.Fail(new InvalidOperationException($"Model '{_name}': decoding the output failed: {e.Message}", e));
                }
            }
            InferenceMetrics.RecordRun(_name, started, count);
        }
        catch (Exception e)
        {
            // Any failure here fails this run's frames only; the loop goes on with the next batch.
            InferenceLog.BatchFailed(_logger, _name, count, e);
            var failure = new InvalidOperationException($"Model '{_name}' ({_session.Source}): inference failed: {e.Message}", e);
            for (var i = 0; i < count; i++)
            {
                batch[start + i].Fail(failure);
            }
        }
    }

    private OrtValue CreateInput(int count) =>
        OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance,
            _input.AsMemory(0, count * _tensor.ImageLength),
            [count, 3, _tensor.InputHeight, _tensor.InputWidth]);
}
