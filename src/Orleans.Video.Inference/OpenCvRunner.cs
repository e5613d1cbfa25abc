using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Orleans.Video.Inference;

/// <summary>
/// A model run by OpenCV (<see cref="ModelFormat.HogPeople"/>, <see cref="ModelFormat.BlazeFace"/>): frames queue in
/// a bounded channel and a thread of the runner's own takes them one at a time. OpenCV's detectors take one image
/// per call, so there is nothing to batch; the thread is dedicated because a HOG pass takes hundreds of
/// milliseconds, too long to hold a thread-pool thread that Orleans and ASP.NET need.
/// </summary>
internal sealed class OpenCvRunner : IModelRunner
{
    private readonly string _name;
    private readonly IFrameDetector _detector;
    private readonly ILogger _logger;
    private readonly RequestQueue _queue;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _runs;
    private long _frames;

    private OpenCvRunner(string name, string source, ModelDefinition model, IFrameDetector detector, InferenceOptions options, ILogger logger)
    {
        _name = name;
        _detector = detector;
        _logger = logger;
        Source = source;
        _queue = new RequestQueue(name, model.InputWidth, model.InputHeight, options.MaxBatch * 4);
        _thread = new Thread(Loop) { IsBackground = true, Name = $"opencv-{name}" };
        _thread.Start();
    }

    public string Source { get; }

    public string Provider => "OpenCV";

    public string Input => _detector.Input;

    public string Batching => "one frame at a time";

    public string Output => _detector.Output;

    public bool DynamicBatch => false;

    public long Runs => Interlocked.Read(ref _runs);

    public long Frames => Interlocked.Read(ref _frames);

    public int LastBatchSize => Runs > 0 ? 1 : 0;

    public int QueueLength => _queue.Count;

    /// <summary>Runs the detector once on a blank frame (the first call allocates and plans), then starts the thread.</summary>
    /// <remarks>Takes ownership of <paramref name="detector"/>: it is disposed when the warm-up fails or the runner stops.</remarks>
    public static OpenCvRunner Start(string name, string source, ModelDefinition model, IFrameDetector detector, InferenceOptions options, ILogger logger)
    {
        try
        {
            var blank = Letterbox.Fit(model.InputWidth, model.InputHeight, model.InputWidth, model.InputHeight);
            // A flat grey frame: luma at the pad value, neutral chroma.
            var planes = new byte[I420.Length(blank.ContentWidth, blank.ContentHeight)];
            planes.AsSpan().Fill(128);
            planes.AsSpan(0, blank.ContentWidth * blank.ContentHeight).Fill(model.PadValue);
            detector.Detect(planes, blank);
            return new OpenCvRunner(name, source, model, detector, options, logger);
        }
        catch
        {
            detector.Dispose();
            throw;
        }
    }

    public Task<IReadOnlyList<Detection>> DetectAsync(FramePacket frame, CancellationToken cancellationToken) =>
        _queue.EnqueueAsync(frame, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // Requests already queued are still served; then the detector goes.
        _queue.Complete();
        await _stopped.Task;
        _detector.Dispose();
    }

    private void Loop()
    {
        try
        {
            var reader = _queue.Reader;
            // Blocking is what this thread is for: it waits for frames and does nothing else.
            while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (reader.TryRead(out var request))
                {
                    if (request.IsPending)
                    {
                        Run(request);
                    }
                }
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private void Run(InferenceRequest request)
    {
        var started = Stopwatch.GetTimestamp();
        var frame = request.Frame;
        try
        {
            var detections = _detector.Detect(frame.Planes.Bytes, frame.Letterbox);
            Interlocked.Increment(ref _runs);
            Interlocked.Increment(ref _frames);
            request.Complete(detections);
            InferenceMetrics.RecordRun(_name, started, 1);
        }
        catch (Exception e)
        {
            // A failure fails this frame only; the loop goes on with the next.
            InferenceLog.BatchFailed(_logger, _name, 1, e);
            request.Fail(new InvalidOperationException($"Model '{_name}' ({Source}): inference failed: {e.Message}", e));
        }
    }
}
