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
/// fixed at 1 gets the same gathering, then one call per frame. With several sessions
/// (<see cref="ModelDefinition.Sessions"/>) a loop per session reads the same queue, so batches run side by side.
/// </summary>
internal sealed class ModelRunner : IModelRunner
{
    private readonly string _name;
    private readonly OnnxModelSession[] _sessions;
    private readonly IDetectionDecoder _decoder;
    private readonly FrameTensor _tensor;
    private readonly LetterboxPlacement _placement;
    private readonly ILogger _logger;
    private readonly RequestQueue _queue;
    private readonly int _maxBatch;
    private readonly int _maxFramesPerRun;
    private readonly long _maxWaitTicks;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly string _batchNote;
    private readonly Task[] _loops;
    private long _runs;
    private long _frames;
    private int _lastBatchSize;

    private ModelRunner(
        string name, OnnxModelSession[] sessions, IDetectionDecoder decoder, FrameTensor tensor, LetterboxPlacement placement,
        bool dynamicBatch, string batchNote, InferenceOptions options, ILogger logger)
    {
        _name = name;
        _sessions = sessions;
        _decoder = decoder;
        _tensor = tensor;
        _placement = placement;
        _logger = logger;
        _batchNote = batchNote;
        DynamicBatch = dynamicBatch;
        _maxBatch = options.MaxBatch;
        _maxFramesPerRun = dynamicBatch ? options.MaxBatch : 1;
        _maxWaitTicks = (long)(options.MaxBatchWait.TotalSeconds * Stopwatch.Frequency);
        _inputNames = [sessions[0].Session.InputNames[0]];
        _outputNames = [sessions[0].Session.OutputNames[0]];
        _queue = new RequestQueue(name, tensor.InputWidth, tensor.InputHeight, options.MaxBatch * 4 * sessions.Length, readers: sessions.Length);
        var lanes = sessions.Select(session => new Lane(session.Session, _maxFramesPerRun * tensor.ImageLength)).ToArray();
        try
        {
            foreach (var lane in lanes)
            {
                WarmUp(lane);
            }
        }
        catch
        {
            foreach (var lane in lanes)
            {
                lane.Dispose();
            }
            throw;
        }
        _loops = lanes.Select(lane => Task.Run(() => LoopAsync(lane))).ToArray();
    }

    public string Source => _sessions[0].Source;

    public string Provider => _sessions[0].Provider;

    public string Input => Describe(_sessions[0].Session.InputMetadata.First());

    public string Batching =>
        (DynamicBatch ? $"dynamic batch up to {_maxBatch}" : "batch 1")
        + (_sessions.Length > 1 ? $", {_sessions.Length} sessions side by side" : "")
        + (_batchNote.Length > 0 ? $" ({_batchNote})" : "");

    public string Output => Describe(_sessions[0].Session.OutputMetadata.First());

    public bool DynamicBatch { get; }

    public FrameTensor Tensor => _tensor;

    public long Runs => Interlocked.Read(ref _runs);

    public long Frames => Interlocked.Read(ref _frames);

    public int LastBatchSize => Volatile.Read(ref _lastBatchSize);

    public int QueueLength => _queue.Count;

    /// <summary>Checks the sessions' input and output against the definition, runs one blank frame on each, and starts a batch loop per session.</summary>
    /// <param name="sessions">Sessions of one model; they run side by side.</param>
    /// <param name="batchNote">What became of <see cref="ModelDefinition.MakeBatchDynamic"/>, for the load log; empty when not asked.</param>
    /// <exception cref="InvalidOperationException">The model's input or output does not fit the definition.</exception>
    public static ModelRunner Start(
        string name, ModelDefinition model, OnnxModelSession[] sessions, IReadOnlyList<string> labels, string batchNote, InferenceOptions options, ILogger logger)
    {
        var session = sessions[0];
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
        var outputs = session.Session.OutputMetadata;
        var (outputName, output) = outputs.First();
        var why = output.ElementType != typeof(float)
            ? $"its values are {output.ElementType.Name}, not float"
            : OutputLayout.Problem(model, labels.Count, output.Dimensions.Select(d => (long)d).ToArray());
        if (why is not null)
        {
            throw new InvalidOperationException(
                $"Model '{name}' ({session.Source}) has input '{inputName}'[{string.Join(",", dims)}] and output{(outputs.Count > 1 ? "s" : "")} " +
                $"{string.Join(", ", outputs.Select(o => $"'{o.Key}'[{string.Join(",", o.Value.Dimensions)}]"))}, which is not the {model.Format} layout " +
                $"{OutputLayout.Expected(model.Format)}: {why} (Inference:Models:{name}:Format is one of {string.Join(", ", Enum.GetNames<ModelFormat>())})");
        }
        return new ModelRunner(name, sessions, DetectionDecoders.For(model, labels), FrameTensor.For(model), model.Placement, dynamicBatch: dims[0] <= 0, batchNote, options, logger);
    }

    /// <summary>Queues a frame (waiting when the queue is full) and returns its detections when its batch has run.</summary>
    /// <exception cref="ArgumentException">The packet does not fit this model's input.</exception>
    public Task<IReadOnlyList<Detection>> DetectAsync(FramePacket frame, CancellationToken cancellationToken) =>
        _queue.EnqueueAsync(frame, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // Requests already queued are still served; then the sessions go.
        _queue.Complete();
        await Task.WhenAll(_loops);
        foreach (var session in _sessions)
        {
            session.Dispose();
        }
    }

    private static bool Fits(long actual, int expected) => actual <= 0 || actual == expected;

    private static string Describe(KeyValuePair<string, NodeMetadata> node) => $"{node.Key}[{string.Join(",", node.Value.Dimensions)}]";

    private void WarmUp(Lane lane)
    {
        // The first Run allocates and plans; do it at load so the first camera frame does not pay for it.
        _tensor.FillBlank(lane.Input.AsSpan(0, _tensor.ImageLength));
        using var input = CreateInput(lane, 1);
        using var outputs = lane.Session.Run(lane.RunOptions, _inputNames, [input], _outputNames);
    }

    private async Task LoopAsync(Lane lane)
    {
        using var owned = lane;
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
                RunBatch(lane, batch, start, Math.Min(_maxFramesPerRun, batch.Count - start));
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

    private void RunBatch(Lane lane, List<InferenceRequest> batch, int start, int count)
    {
        var started = Stopwatch.GetTimestamp();
        var imageLength = _tensor.ImageLength;
        for (var i = 0; i < count; i++)
        {
            var frame = batch[start + i].Frame;
            _tensor.Fill(lane.Input.AsSpan(i * imageLength, imageLength), frame.Planes.Bytes, _placement.Place(frame.Letterbox));
        }
        try
        {
            using var input = CreateInput(lane, count);
            using var outputs = lane.Session.Run(lane.RunOptions, _inputNames, [input], _outputNames);
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
                    request.Complete(_decoder.Decode(data, shape, i, _placement.Place(request.Frame.Letterbox)));
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
            var failure = new InvalidOperationException($"Model '{_name}' ({Source}): inference failed: {e.Message}", e);
            for (var i = 0; i < count; i++)
            {
                batch[start + i].Fail(failure);
            }
        }
    }

    private OrtValue CreateInput(Lane lane, int count) =>
        OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance,
            lane.Input.AsMemory(0, count * _tensor.ImageLength),
            [count, 3, _tensor.InputHeight, _tensor.InputWidth]);

    /// <summary>One session's loop state: its input tensor and run options.</summary>
    private sealed class Lane(InferenceSession session, int inputLength) : IDisposable
    {
        public InferenceSession Session { get; } = session;

        // Pinned once for the model's life: the tensor ONNX Runtime reads is a view of it, with no copy per run.
        public float[] Input { get; } = GC.AllocateUninitializedArray<float>(inputLength, pinned: true);

        public RunOptions RunOptions { get; } = new();

        public void Dispose() => RunOptions.Dispose();
    }
}
