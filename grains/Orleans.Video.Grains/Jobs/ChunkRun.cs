using Orleans.Video.Media;
using Orleans.Video.Media.Jobs;
using Orleans.Video.Sources;

namespace Orleans.Video.Grains.Jobs;

/// <summary>
/// One chunk analysed on this silo: ffmpeg seeks to the chunk's keyframe and decodes its frames (one thread, below
/// the cameras' priority); the frames the job's sampling picks go to inference a few at a time, and what they found
/// is reported to the job whole, once the chunk is done. Every few seconds the run tells the job how far it got, and
/// stops when the job says so (cancelled, or the chunk given to another worker).
/// </summary>
internal sealed class ChunkRun(
    JobChunk chunk, IJobGrain job, IJobInferenceGrain inference, VideoDecoder decoder, PipelineModel model, JobsOptions options, string worker,
    string? jobFolder)
{
    private readonly FrameBufferPool _buffers = new();
    private readonly SemaphoreSlim _inFlight = new(options.FramesInFlight, options.FramesInFlight);
    private readonly List<JobFrame> _found = [];
    private readonly List<Task> _pending = [];
    private int _decoded;
    private int _analysed;
    private string? _inferenceError;
    private readonly CancellationTokenSource _failed = new();

    /// <summary>What became of the chunk, as reported to its job.</summary>
    public enum Outcome
    {
        Completed,
        Failed,
        Released,
        Stopped,
    }

    /// <param name="silo">Cancelled when the silo stops: the chunk is handed back to be done elsewhere.</param>
    public async Task<Outcome> RunAsync(CancellationToken silo)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(silo, _failed.Token);
        var reporting = ReportAsync(stop);
        var request = new DecoderRequest(
            // The job's own folder holds its upload or exported range: readable by its chunks whatever Sources:MediaRoots says.
            VideoSource.Parse(chunk.Source) with { OwnFolder = jobFolder }, model.InputWidth, model.InputHeight, Realtime: false, Loop: false,
            StallTimeout: TimeSpan.FromSeconds(30), Threads: 1, LowPriority: true, Seek: chunk.Seek, MaxFrames: chunk.FrameCount);
        var exit = await decoder.RunAsync(request, _buffers, OnFrame, _inFlight.WaitAsync, stop.Token);
        Task[] pending;
        lock (_pending)
        {
            pending = [.. _pending];
        }
        await Task.WhenAll(pending);
        await stop.CancelAsync();
        var stillMine = await reporting;

        if (silo.IsCancellationRequested)
        {
            await job.FailChunkAsync(worker, chunk.Index, chunk.Attempt, "its silo stopped", countsAsAttempt: false);
            return Outcome.Released;
        }
        if (!stillMine)
        {
            return Outcome.Stopped;
        }
        var error = _inferenceError
            ?? (exit.Kind == DecoderExitKind.Failed ? exit.Error ?? "ffmpeg failed" : null)
            ?? (_decoded == 0 ? "no frame could be decoded" : null);
        if (error is not null)
        {
            await job.FailChunkAsync(worker, chunk.Index, chunk.Attempt, error);
            return Outcome.Failed;
        }
        List<JobFrame> found;
        lock (_found)
        {
            found = [.. _found.OrderBy(frame => frame.Frame)];
        }
        if (chunk.Options.Annotate && await RenderAsync(found, silo) is { } renderError)
        {
            await job.FailChunkAsync(worker, chunk.Index, chunk.Attempt, renderError, countsAsAttempt: !silo.IsCancellationRequested);
            return Outcome.Failed;
        }
        await job.CompleteChunkAsync(worker, chunk.Index, chunk.Attempt, new JobChunkResult(found, _decoded, _analysed));
        return Outcome.Completed;
    }

    /// <summary>The chunk re-encoded with its boxes drawn, into the job's folder; null when done, else why not.</summary>
    private async Task<string?> RenderAsync(List<JobFrame> found, CancellationToken cancellationToken)
    {
        if (jobFolder is null)
        {
            return "annotate writes under the media storage root, and this silo has none (Storage:Root)";
        }
        var byFrame = found.ToDictionary(frame => frame.Frame);
        var analysed = new List<(int Frame, IReadOnlyList<Box> Boxes)>();
        for (var offset = 0; offset < chunk.FrameCount; offset++)
        {
            var number = chunk.FirstFrame + offset;
            if (JobSampling.Takes(number, chunk.FrameRate, chunk.Options.Fps))
            {
                analysed.Add((offset, byFrame.TryGetValue(number, out var frame) ? [.. frame.Detections.Select(d => d.Box)] : []));
            }
        }
        try
        {
            var error = await AnnotatedVideo.RenderAsync(
                chunk.Source, chunk.Seek, chunk.FrameCount, chunk.FrameRate, analysed, AnnotatedVideo.Segment(jobFolder, chunk.Index), cancellationToken);
            return error is null ? null : $"annotating: {error}";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return "its silo stopped while annotating"; // handed back without counting as an attempt
        }
    }

    /// <summary>On the decoder's thread, for each frame; the frame's slot in <see cref="_inFlight"/> was taken before it was read.</summary>
    private void OnFrame(DecodedFrame frame)
    {
        var number = chunk.FirstFrame + frame.Index;
        Interlocked.Increment(ref _decoded);
        if (!JobSampling.Takes(number, chunk.FrameRate, chunk.Options.Fps) || Volatile.Read(ref _inferenceError) is not null)
        {
            Free(frame.Planes);
            return;
        }
        Interlocked.Increment(ref _analysed);
        var packet = new FramePacket
        {
            CameraId = chunk.JobId,
            Sequence = number,
            Timestamp = DateTimeOffset.UtcNow,
            SourceTime = JobSampling.TimeOf(number, chunk.FrameRate),
            Model = chunk.Options.Model,
            Letterbox = frame.Letterbox,
            Planes = new FramePlanes(frame.Planes),
            Filter = chunk.Options.Filter,
        };
        var task = DetectAsync(number, packet);
        lock (_pending)
        {
            _pending.Add(task);
        }
    }

    private async Task DetectAsync(long number, FramePacket packet)
    {
        try
        {
            var detections = await inference.DetectAsync(packet);
            if (detections.Count > 0)
            {
                lock (_found)
                {
                    _found.Add(new JobFrame(number, packet.SourceTime, detections));
                }
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OrleansException or TimeoutException)
        {
            // The rest of the chunk would fail the same way: stop decoding it.
            Interlocked.CompareExchange(ref _inferenceError, $"inference failed: {e.Message}", null);
            _failed.Cancel();
        }
        finally
        {
            Free(packet.Planes.Bytes);
        }
    }

    private void Free(byte[] planes)
    {
        _buffers.Return(planes);
        _inFlight.Release();
    }

    /// <summary>Reports progress until <paramref name="stop"/>; returns whether the chunk is still this worker's.</summary>
    private async Task<bool> ReportAsync(CancellationTokenSource stop)
    {
        using var timer = new PeriodicTimer(options.ProgressInterval);
        while (true)
        {
            try
            {
                if (!await timer.WaitForNextTickAsync(stop.Token))
                {
                    return true;
                }
            }
            catch (OperationCanceledException)
            {
                return true; // the chunk ended, or the silo is stopping
            }
            try
            {
                if (!await job.ReportProgressAsync(worker, chunk.Index, chunk.Attempt, Volatile.Read(ref _decoded)))
                {
                    await stop.CancelAsync();
                    return false;
                }
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                // The job's silo is failing over: the next report, or the completion, reaches its new activation.
            }
        }
    }
}
