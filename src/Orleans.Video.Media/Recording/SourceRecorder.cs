using System.ComponentModel;
using Microsoft.Extensions.Logging;
using Orleans.Video.Sources;

namespace Orleans.Video.Media;

/// <summary>
/// Records a camera's main stream when it has one of its own (<c>recordSource</c>), while the decoder analyses the
/// sub stream: an ffmpeg process that only copies the video into segments, restarted with back-off when the stream
/// drops, paused while storage cannot take it. Its sessions are the camera's <see cref="CameraRecording"/>'s, like
/// the decoder's would be.
/// </summary>
/// <param name="policy">Checks the main stream at every start, as the decoder's source is (null: protocols only).</param>
public sealed partial class SourceRecorder(
    string cameraId, VideoSource source, RtspTransport transport, bool loopFiles, CameraRecording recording, PipelineOptions options, ILogger logger,
    SourcePolicy? policy = null)
{
    private static readonly TimeSpan QuitGrace = TimeSpan.FromSeconds(2);

    /// <summary>Why the main stream is not being recorded now (it cannot be opened); null while it is.</summary>
    public string? Error { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = options.InitialBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (recording.Begin() is not { } target)
            {
                // Storage is away (the camera's recording error says so) or the codec was refused: look again later.
                if (!await DelayAsync(TimeSpan.FromSeconds(5), cancellationToken))
                {
                    return;
                }
                continue;
            }
            var exit = await RecordAsync(target, cancellationToken);
            if (recording.End(exit) || exit.Kind == DecoderExitKind.Cancelled)
            {
                continue;
            }
            Error = exit.Error is { } why ? $"recordSource: {why}" : "recordSource ended";
            LogRestarting(logger, cameraId, backoff.TotalSeconds, Error);
            if (!await DelayAsync(backoff, cancellationToken))
            {
                return;
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));
        }
    }

    private async Task<DecoderExit> RecordAsync(RecordingTarget target, CancellationToken cancellationToken)
    {
        SourceAccess access;
        try
        {
            access = policy is null ? SourceAccess.Direct(source) : await policy.PrepareAsync(source, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new DecoderExit(DecoderExitKind.Cancelled, 0);
        }
        if (access.Refusal is { } refusal)
        {
            return new DecoderExit(DecoderExitKind.Failed, 0, refusal);
        }
        try
        {
            var exit = await RecordAsync(target, access, cancellationToken);
            return policy?.Release(access) is { } refused && exit.Kind != DecoderExitKind.Cancelled
                ? exit with { Kind = DecoderExitKind.Failed, Error = refused }
                : exit;
        }
        catch
        {
            policy?.Release(access);
            throw;
        }
    }

    private async Task<DecoderExit> RecordAsync(RecordingTarget target, SourceAccess access, CancellationToken cancellationToken)
    {
        var tail = new StderrTail();
        var streams = new FfmpegStreamInfoParser();
        string? refused = null;
        // Cancelled by the caller, or here when the codec cannot be recorded: either asks ffmpeg to quit.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (stop.IsCancellationRequested)
        {
            return new DecoderExit(DecoderExitKind.Cancelled, 0);
        }
        // -y: ffmpeg must never stop to ask on stdin whether it may overwrite an output.
        List<string> arguments = ["-hide_banner", "-nostats", "-y"];
        arguments.AddRange(source.IsFile
            ? loopFiles ? ["-re", "-stream_loop", "-1"] : ["-re"]
            : DecoderArguments.LiveSource(source, transport));
        arguments.AddRange([.. access.Arguments, "-i", access.Location, .. DecoderArguments.Recording(target)]);
        FfmpegProcess ffmpeg;
        try
        {
            ffmpeg = FfmpegProcess.Start(arguments, line =>
            {
                tail.Add(line);
                streams.Add(line);
                if (line.StartsWith("Output #0", StringComparison.Ordinal))
                {
                    // ffmpeg has opened the main stream and starts copying: stream time zero is about now.
                    if (streams.Input is { } info && RecordingCodecs.Refusal(info.Codec) is { } refusal)
                    {
                        refused = refusal;
                        stop.Cancel();
                        return;
                    }
                    recording.FirstFrame(DateTimeOffset.UtcNow);
                    Error = null;
                }
            }, readsOutput: false);
        }
        catch (Win32Exception e)
        {
            return new DecoderExit(DecoderExitKind.Failed, 0, $"ffmpeg could not be started: {e.Message}");
        }
        int exitCode;
        using (ffmpeg)
        using (stop.Token.Register(() => ffmpeg.Quit(QuitGrace)))
        {
            // Its last segment and the line that lists it are written as it quits: the session is read only after that.
            exitCode = await ffmpeg.WaitForExitAsync();
        }
        if (refused is not null)
        {
            return new DecoderExit(DecoderExitKind.Failed, 0, refused, refused);
        }
        if (cancellationToken.IsCancellationRequested)
        {
            return new DecoderExit(DecoderExitKind.Cancelled, 0);
        }
        var reason = tail.Reason() is { Length: > 0 } r ? r : $"ffmpeg exited with code {exitCode}";
        return new DecoderExit(exitCode == 0 ? DecoderExitKind.EndOfStream : DecoderExitKind.Failed, 0, reason);
    }

    private static async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: recording its recordSource again in {Seconds} s: {Error}")]
    private static partial void LogRestarting(ILogger logger, string cameraId, double seconds, string error);
}
