using System.Diagnostics;
using System.Globalization;
using FFMpegCore;
using FFMpegCore.Pipes;
using Microsoft.Extensions.Logging;
using Orleans.Video.Media.Live;

namespace Orleans.Video.Media;

/// <summary>
/// Runs one ffmpeg process for a source and hands every frame to a callback as <see cref="I420"/>, scaled by ffmpeg
/// to fit the model input (aspect kept) and read from the pipe straight into a pooled buffer. ffmpeg keeps the
/// decoder's own YUV layout: converting to RGB there cost ~9 % of the decoders' throughput and doubled the bytes
/// through the pipe; the tensor fill converts on its way to floats instead.
/// One run ends at end of file, on failure, on a stall, or on cancel. A network source is probed before ffmpeg starts
/// (<see cref="SourceProbe"/>), and starts are paced per silo (<see cref="DecoderStarts"/>). Each start asks the source
/// policy again (<see cref="SourcePolicy.PrepareAsync"/>): a name may resolve elsewhere than when the camera was added.
/// </summary>
/// <param name="policy">Checks the source again at every start and confines ffmpeg to what it allows (null: protocols only).</param>
public sealed partial class VideoDecoder(ILogger<VideoDecoder> logger, DecoderStarts? starts = null, SourcePolicy? policy = null)
{
    /// <summary>The policy every start of a source is checked against; other ffmpeg processes of a camera (its <c>recordSource</c>) use it too.</summary>
    public SourcePolicy? Policy => policy;

    /// <summary>How long ffmpeg gets to quit after 'q' before it is killed.</summary>
    private static readonly TimeSpan QuitGrace = TimeSpan.FromSeconds(2);

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
            if (await SourceProbe.CheckAsync(request.Source with { Location = access.Location }, cancellationToken) is { } unreachable)
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
        using var quit = new FfmpegQuit(stop.Token);
        var lastFrame = Stopwatch.StartNew();
        long frames = 0;
        var stalled = false;
        var waiting = false;
        string? recordingRefused = null;
        string? liveRefused = null;
        string? arguments = null;

        var sink = new StreamPipeSink(async (pipe, token) =>
        {
            // ffmpeg prints both stream descriptions before it writes the first byte of video.
            var (input, output) = await ready.Task.WaitAsync(token);
            if (request.Record is not null && RecordingCodecs.Refusal(input.Codec) is { } refusal)
            {
                recordingRefused = refusal;
                stop.Cancel();
                await DrainAsync(pipe);
                return;
            }
            if (request.LowPriority && arguments is not null && !DecoderPriority.TryLower(arguments))
            {
                LogPriorityUnchanged(logger, request.Source.Location);
            }
            var letterbox = Letterbox.FromContent(input.Width, input.Height, request.InputWidth, request.InputHeight, output.Width, output.Height);
            var length = I420.Length(output.Width, output.Height);
            var clock = Stopwatch.StartNew();
            // FFMpegCore cancels the sink's token only once ffmpeg has gone; a stop must also end the wait.
            using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(token, stop.Token);
            while (!token.IsCancellationRequested && !stop.IsCancellationRequested)
            {
                if (beforeFrame is not null)
                {
                    waiting = true;
                    try
                    {
                        await beforeFrame(stopWaiting.Token);
                    }
                    catch (OperationCanceledException) when (stopWaiting.IsCancellationRequested)
                    {
                        break;
                    }
                    waiting = false;
                    lastFrame.Restart();
                }
                var planes = buffers.Rent(length);
                try
                {
                    await pipe.ReadExactlyAsync(planes, token);
                }
                catch (EndOfStreamException)
                {
                    buffers.Return(planes);
                    return;
                }
                catch (OperationCanceledException)
                {
                    buffers.Return(planes);
                    break;
                }
                // Frames come at the input's rate, or at the keyframe rate asked for (-r): a frame's number says when it is.
                var rate = request.KeyframeRate is not null ? output.Fps : input.Fps;
                var sourceTime = rate is > 0 ? TimeSpan.FromSeconds(frames / rate.Value) : clock.Elapsed;
                lastFrame.Restart();
                onFrame(new DecodedFrame(planes, frames, sourceTime, letterbox, rate));
                frames++;
            }
            // Stopping. ffmpeg looks for the quit request only between frames, and finishes its outputs (the recording's
            // last segment, and the line that lists it) only if it can write its frames somewhere: a pipe nobody reads
            // blocks it until it is killed. So read on, into nothing, until it has quit.
            await DrainAsync(pipe);
        })
        {
            Format = "rawvideo",
        };

        var processor = FFMpegArguments
            .FromUrlInput(access.Location, options => options.WithCustomArgument($"{access.Arguments} {InputArguments(request)}"))
            .OutputToPipe(sink, options => options
                .WithCustomArgument(RecordingArguments(request.Record))
                .WithCustomArgument(request.Live?.Arguments ?? "")
                .WithCustomArgument("-map 0:v:0")
                .WithCustomArgument(request.MaxFrames is { } maxFrames ? $"-frames:v {maxFrames.ToString(CultureInfo.InvariantCulture)}" : "")
                .WithCustomArgument(request.KeyframeRate is { } keyframeRate
                    ? $"-r {keyframeRate.ToString("0.###", CultureInfo.InvariantCulture)}"
                    : "")
                // Area averaging: cameras are scaled down to the model's input, where it is the filter that does not
                // alias (each output pixel is the mean of the source pixels it covers), and it costs ffmpeg about
                // 0.6 ms a 720p frame less than the default bicubic.
                .WithCustomArgument(
                    "-an -sn -dn " +
                    $"-vf scale=w={request.InputWidth}:h={request.InputHeight}:force_original_aspect_ratio=decrease:force_divisible_by=2:flags=area")
                .WithCustomArgument("-pix_fmt yuv420p"))
            .NotifyOnStandardError(line =>
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
            });
        if (!quit.TryAttach(processor, QuitGrace))
        {
            return new DecoderExit(DecoderExitKind.Cancelled, 0);
        }

        using var watchdog = new Timer(_ =>
        {
            if (!waiting && lastFrame.Elapsed > request.StallTimeout)
            {
                stalled = true;
                stop.Cancel();
            }
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        arguments = processor.Arguments;
        LogStarting(logger, request.Source.Location, arguments);
        FFMpegResult? result = null;
        Exception? error = null;
        try
        {
            result = await processor.ProcessAsynchronously(throwOnError: false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error = e;
        }
        ready.TrySetCanceled(CancellationToken.None);
        // FFMpegCore names the frames' pipe after the run: it marks this ffmpeg's command line.
        if (DecoderPriority.PipeNameIn(arguments) is { } pipe)
        {
            await FfmpegQuit.WaitForExitAsync(pipe, QuitGrace);
        }

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
        if (error is null && result is { ExitCode: 0 } && frames > 0)
        {
            // A live source ends this way too (ffmpeg's own read timeout says "Connection timed out"): keep its words.
            return new DecoderExit(DecoderExitKind.EndOfStream, frames, tail.Reason() is { Length: > 0 } reason ? reason : null);
        }
        var what = error is not null ? error.Message
            : frames == 0 ? $"ffmpeg exited with code {result?.ExitCode} before the first frame"
            : $"ffmpeg exited with code {result?.ExitCode}";
        return new DecoderExit(DecoderExitKind.Failed, frames, WithReason(what, tail));
    }

    private static async Task DrainAsync(Stream pipe)
    {
        try
        {
            await pipe.CopyToAsync(Stream.Null, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // FFMpegCore closed the pipe: ffmpeg is gone.
        }
    }

    /// <summary>What happened, then why in ffmpeg's words: "ffmpeg exited with code 1 before the first frame: tcp://…: Connection refused".</summary>
    private static string WithReason(string what, StderrTail tail) => tail.Reason() is { Length: > 0 } reason ? $"{what}: {reason}" : what;

    /// <summary>
    /// The recording output, first of the three (then live video, then the frames): the input's video by stream copy into MPEG-TS segments. MPEG-TS because a
    /// segment cut short by a crash still decodes up to where it stops (no index written at the end, unlike MP4), and it
    /// is what HLS plays. ffmpeg lists a segment in the CSV only once it has closed it, so the list is what gets indexed.
    /// Timestamps run on across segments (no reset): playlists and clips join them without gaps.
    /// </summary>
    private static string RecordingArguments(RecordingTarget? target) =>
        target is null ? "" : $"{SegmentOptions(target)} \"{SegmentUrl(target)}\"";

    /// <summary>The segment muxer's options for a recording target (the output's URL is <see cref="SegmentUrl"/>).</summary>
    public static string SegmentOptions(RecordingTarget target) =>
        "-map 0:v:0 -c:v copy -f segment -segment_format mpegts " +
        $"-segment_time {target.SegmentLength.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} " +
        $"-segment_list \"file:{target.SegmentList}\" -segment_list_type csv -segment_list_flags +live";

    /// <summary>Where the segments go: a file URL, so that no part of the path is read as a protocol.</summary>
    public static string SegmentUrl(RecordingTarget target) => $"file:{target.SegmentPattern}";

    private static string InputArguments(DecoderRequest request)
    {
        var decoding = new List<string> { "-hide_banner -nostats" };
        if (request.Threads > 0)
        {
            decoding.Add($"-threads {request.Threads}");
        }
        if (request.Hwaccel != HwAccel.None)
        {
            decoding.Add($"-hwaccel {request.Hwaccel.ToString().ToLowerInvariant()}");
        }
        if (request.KeyframeRate is not null)
        {
            // The decoder skips every other frame unread: most of decoding's cost is in the frames between keyframes.
            decoding.Add("-skip_frame nokey");
        }
        var source = request.Source;
        if (source.IsFile)
        {
            decoding.Add(request.Realtime ? "-re" : "");
            decoding.Add(request.Loop ? "-stream_loop -1" : "");
            if (request.Seek is { } seek && seek > TimeSpan.Zero)
            {
                // Before the input: ffmpeg seeks to the keyframe at or before it, then drops frames until it (accurate seek).
                decoding.Add($"-ss {seek.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture)}");
            }
        }
        else
        {
            decoding.Add(LiveSourceArguments(source, request.Transport));
        }
        return string.Join(' ', decoding.Where(a => a.Length > 0));
    }

    /// <summary>
    /// How a network source is opened and read, shared with the recorder of a <c>recordSource</c>: at low latency (a
    /// half-second probe instead of five, no input buffering), and so that a dead source fails instead of hanging.
    /// </summary>
    public static string LiveSourceArguments(VideoSource source, RtspTransport transport)
    {
        var reading = source.Scheme switch
        {
            // rtsp: interleaved TCP survives NAT and loss better than UDP; -timeout is the socket I/O timeout (µs).
            "rtsp" or "rtsps" => $"-rtsp_transport {(transport == RtspTransport.Udp ? "udp" : "tcp")} -timeout 10000000",
            // Other protocols: a read that blocks for 10 s fails instead of hanging forever.
            _ => "-rw_timeout 10000000",
        };
        return $"-fflags nobuffer -analyzeduration 500000 -probesize 500000 {reading}";
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "ffmpeg for {Source} runs at normal priority: its process was not found")]
    private static partial void LogPriorityUnchanged(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Starting ffmpeg for {Source}: {Arguments}")]
    private static partial void LogStarting(ILogger logger, string source, string arguments);
}
