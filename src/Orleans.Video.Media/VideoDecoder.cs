// Over 300 lines: one ffmpeg run from the policy check and probe through the frame reads to the exit and its reason;
// the arguments, fallbacks, starts and priority are in files of their own.
using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Video.Media.Live;
using Orleans.Video.Sources;

namespace Orleans.Video.Media;

/// <summary>
/// Runs one ffmpeg process for a source and hands every frame to a callback as <see cref="I420"/>, scaled by ffmpeg
/// to fit the model input (aspect kept) and read from its stdout straight into a pooled buffer. ffmpeg keeps the
/// decoder's own YUV layout: converting to RGB there cost ~9 % of the decoders' throughput and doubled the bytes
/// through the pipe; the tensor fill converts on its way to floats instead.
/// One run ends at end of file, on failure, on a stall, or on cancel. A network source is probed before ffmpeg starts
/// (<see cref="SourceProbe"/>), and starts are paced per silo (<see cref="DecoderStarts"/>). Each start asks the source
/// policy again (<see cref="SourcePolicy.PrepareAsync"/>): a name may resolve elsewhere than when the camera was added.
/// ffmpeg gets its arguments one by one (<see cref="DecoderArguments"/>, <see cref="FfmpegProcess"/>), never as a command
/// string: a source with spaces or quotes in it cannot add options, inputs or outputs.
/// </summary>
/// <param name="policy">Checks the source again at every start and confines ffmpeg to what it allows (null: protocols only).</param>
public sealed partial class VideoDecoder(ILogger<VideoDecoder> logger, DecoderStarts? starts = null, SourcePolicy? policy = null)
{
    /// <summary>The policy every start of a source is checked against; other ffmpeg processes of a camera (its <c>recordSource</c>) use it too.</summary>
    public SourcePolicy? Policy => policy;

    /// <summary>How long ffmpeg gets to quit after 'q' before it is killed.</summary>
    private static readonly TimeSpan QuitGrace = TimeSpan.FromSeconds(2);

    /// <summary>What .NET reports for a process ended by SIGKILL: 128 + 9.</summary>
    private const int KilledExitCode = 137;

    // Decoders running on this silo (the decoder is a silo-wide singleton): the automatic thread count depends on it.
    private int _running;

    /// <param name="buffers">Where each frame's buffer comes from; <paramref name="onFrame"/> owns it from then on.</param>
    public Task<DecoderExit> RunAsync(
        DecoderRequest request, FrameBufferPool buffers, Action<DecodedFrame> onFrame, CancellationToken cancellationToken) =>
        RunAsync(request, buffers, onFrame, beforeFrame: null, cancellationToken);

    /// <param name="buffers">Where each frame's buffer comes from; <paramref name="onFrame"/> owns it from then on.</param>
    /// <param name="beforeFrame">
    /// Awaited before each frame is read, or null. While it waits ffmpeg fills the pipe and then blocks, so a file
    /// is decoded no faster than its frames are taken. The wait does not count towards the stall timeout.
    /// </param>
    public async Task<DecoderExit> RunAsync(
        DecoderRequest request, FrameBufferPool buffers, Action<DecodedFrame> onFrame, Func<CancellationToken, Task>? beforeFrame,
        CancellationToken cancellationToken)
    {
        var running = Interlocked.Increment(ref _running);
        try
        {
            var threads = DecoderThreads.For(request.Threads, running, Environment.ProcessorCount);
            return await DecodeAsync(request with { Threads = threads }, buffers, onFrame, beforeFrame, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private async Task<DecoderExit> DecodeAsync(
        DecoderRequest request, FrameBufferPool buffers, Action<DecodedFrame> onFrame, Func<CancellationToken, Task>? beforeFrame,
        CancellationToken cancellationToken)
    {
        if (request.Source.IsFile && !File.Exists(request.Source.Location))
        {
            return new DecoderExit(DecoderExitKind.Failed, 0, $"file not found: {request.Source.Location}");
        }
        SourceAccess access;
        try
        {
            access = policy is null ? SourceAccess.Direct(request.Source) : await policy.PrepareAsync(request.Source, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new DecoderExit(DecoderExitKind.Cancelled, 0);
        }
        if (access.Refusal is { } refused)
        {
            return new DecoderExit(DecoderExitKind.Failed, 0, refused);
        }
        DecoderExit exit;
        try
        {
            exit = await StartAsync(request, access, buffers, onFrame, beforeFrame, cancellationToken);
        }
        catch
        {
            policy?.Release(access);
            throw;
        }
        // What the proxy refused for this run is why it ended, in the policy's words rather than ffmpeg's "403 Forbidden".
        return policy?.Release(access) is { } refusal && exit.Kind != DecoderExitKind.Cancelled
            ? exit with { Kind = DecoderExitKind.Failed, Error = refusal }
            : exit;
    }

    private async Task<DecoderExit> StartAsync(
        DecoderRequest request, SourceAccess access, FrameBufferPool buffers, Action<DecodedFrame> onFrame, Func<CancellationToken, Task>? beforeFrame,
        CancellationToken cancellationToken)
    {
        try
        {
            if (await SourceProbe.CheckAsync(request.Source with { Location = access.ProbeLocation ?? access.Location }, cancellationToken) is { } unreachable)
            {
                return new DecoderExit(DecoderExitKind.Failed, 0, unreachable);
            }
            await (starts ?? DecoderStarts.Unlimited).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new DecoderExit(DecoderExitKind.Cancelled, 0);
        }

        var tail = new StderrTail();
        var streams = new FfmpegStreamInfoParser();
        var ready = new TaskCompletionSource<(VideoStreamInfo Input, VideoStreamInfo Output)>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var lastFrame = Stopwatch.StartNew();
        long frames = 0;
        var stalled = false;
        var waiting = false;
        string? recordingRefused = null;
        string? liveRefused = null;
        Exception? error = null;

        if (stop.IsCancellationRequested)
        {
            // Stopped as this run began: nothing to start.
            return new DecoderExit(DecoderExitKind.Cancelled, 0);
        }
        var arguments = DecoderArguments.For(request, access);
        LogStarting(logger, SourceCredentials.MaskedText(request.Source.Location), DecoderArguments.ForLog(arguments));
        FfmpegProcess ffmpeg;
        try
        {
            ffmpeg = FfmpegProcess.Start(arguments, line =>
            {
                tail.Add(line);
                if (request.Live is not null && LiveOutput.IsRefusal(line))
                {
                    liveRefused ??= $"live video: the source's video ({streams.Input?.Codec ?? "its codec"}) cannot be carried in MP4";
                }
                if (streams.Add(line) && streams.Input is { } input && streams.Output is { } output)
                {
                    ready.TrySetResult((input, output));
                }
            }, readsOutput: true);
        }
        catch (Win32Exception e)
        {
            return new DecoderExit(DecoderExitKind.Failed, 0, $"ffmpeg could not be started: {e.Message}");
        }
        using (ffmpeg)
        {
            if (request.LowPriority && !ffmpeg.TryLowerPriority())
            {
                LogPriorityUnchanged(logger, SourceCredentials.MaskedText(request.Source.Location));
            }
            // Every way a run ends early (the caller's cancel, the watchdog, a refused codec) asks ffmpeg to quit.
            using var quit = stop.Token.Register(() => ffmpeg.Quit(QuitGrace));
            using var watchdog = new Timer(_ =>
            {
                if (!waiting && lastFrame.Elapsed > request.StallTimeout)
                {
                    stalled = true;
                    try
                    {
                        stop.Cancel();
                    }
                    catch (ObjectDisposedException)
                    {
                        // A tick that began as the run ended: disposing the timer does not wait for it.
                    }
                }
            }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

            var reading = ReadAllAsync();
            var exitCode = await ffmpeg.WaitForExitAsync();
            // ffmpeg printed no stream descriptions: there are no frames to wait for.
            ready.TrySetCanceled(CancellationToken.None);
            await reading;

            if (cancellationToken.IsCancellationRequested)
            {
                return new DecoderExit(DecoderExitKind.Cancelled, frames);
            }
            if (recordingRefused is not null)
            {
                return new DecoderExit(DecoderExitKind.Failed, frames, recordingRefused, recordingRefused);
            }
            if (liveRefused is not null && frames == 0)
            {
                return new DecoderExit(DecoderExitKind.Failed, frames, liveRefused, LiveRefused: liveRefused);
            }
            if (stalled)
            {
                return new DecoderExit(DecoderExitKind.Failed, frames, WithReason($"no frame for {request.StallTimeout.TotalSeconds:0} s", tail));
            }
            if (error is null && exitCode == 0 && frames > 0)
            {
                // A live source ends this way too (ffmpeg's own read timeout says "Connection timed out"): keep its words.
                return new DecoderExit(DecoderExitKind.EndOfStream, frames, tail.Reason() is { Length: > 0 } reason ? reason : null);
            }
            var what = error is not null ? error.Message
                : exitCode == KilledExitCode ? "ffmpeg was killed (SIGKILL: out of memory, or by someone)"
                : frames == 0 ? $"ffmpeg exited with code {exitCode} before the first frame"
                : $"ffmpeg exited with code {exitCode}";
            return new DecoderExit(DecoderExitKind.Failed, frames, WithReason(what, tail));
        }

        // Reads stdout to its end whatever happens: ffmpeg blocks on a full pipe, and would never exit.
        async Task ReadAllAsync()
        {
            try
            {
                await ReadFramesAsync(ffmpeg.Output);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A frame's consumer failed: the run fails with its reason, and ffmpeg is stopped.
                error = e;
                stop.Cancel();
            }
            // Stopping. ffmpeg looks for the quit request only between frames, and finishes its outputs (the recording's
            // last segment, and the line that lists it) only if it can write its frames somewhere: a pipe nobody reads
            // blocks it until it is killed. So read on, into nothing, until it has quit.
            await DrainAsync(ffmpeg.Output);
        }

        async Task ReadFramesAsync(Stream pipe)
        {
            (VideoStreamInfo Input, VideoStreamInfo Output) info;
            try
            {
                // ffmpeg prints both stream descriptions before it writes the first byte of video.
                info = await ready.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var (input, output) = info;
            if (request.Record is not null && RecordingCodecs.Refusal(input.Codec) is { } refusal)
            {
                recordingRefused = refusal;
                stop.Cancel();
                return;
            }
            var letterbox = Letterbox.FromContent(input.Width, input.Height, request.InputWidth, request.InputHeight, output.Width, output.Height);
            var length = I420.Length(output.Width, output.Height);
            var clock = Stopwatch.StartNew();
            // Frames already in the pipe when ffmpeg exits are read all the same: only a stop ends the reading early.
            while (!stop.IsCancellationRequested)
            {
                if (beforeFrame is not null)
                {
                    waiting = true;
                    try
                    {
                        await beforeFrame(stop.Token);
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        return;
                    }
                    waiting = false;
                    lastFrame.Restart();
                }
                var planes = buffers.Rent(length);
                try
                {
                    await pipe.ReadExactlyAsync(planes, CancellationToken.None);
                }
                catch (EndOfStreamException)
                {
                    buffers.Return(planes);
                    return;
                }
                // Frames come at the input's rate, or at the keyframe rate asked for (-r): a frame's number says when it is.
                var rate = request.KeyframeRate is not null ? output.Fps : input.Fps;
                var sourceTime = rate is > 0 ? TimeSpan.FromSeconds(frames / rate.Value) : clock.Elapsed;
                lastFrame.Restart();
                onFrame(new DecodedFrame(planes, frames, sourceTime, letterbox, rate));
                frames++;
            }
        }
    }

    private static async Task DrainAsync(Stream pipe)
    {
        try
        {
            await pipe.CopyToAsync(Stream.Null, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe broke: ffmpeg is gone.
        }
    }

    /// <summary>What happened, then why in ffmpeg's words: "ffmpeg exited with code 1 before the first frame: tcp://…: Connection refused".</summary>
    private static string WithReason(string what, StderrTail tail) => tail.Reason() is { Length: > 0 } reason ? $"{what}: {reason}" : what;

    [LoggerMessage(Level = LogLevel.Debug, Message = "ffmpeg for {Source} runs at normal priority: its process was not found")]
    private static partial void LogPriorityUnchanged(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Starting ffmpeg for {Source}: {Arguments}")]
    private static partial void LogStarting(ILogger logger, string source, string arguments);
}
