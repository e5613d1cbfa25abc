// Over 300 lines: the decode loop's restarts, back-off, transport and decoder fallbacks and the frame hand-off share
// one run's state and one cancellation; split, each part would need the others' fields.
using Microsoft.Extensions.Logging;
using Orleans.Video.Media.Live;
using Orleans.Video.Sources;

namespace Orleans.Video.Media;

/// <summary>
/// A camera's decode side: runs the decoder off the grain scheduler, restarts it with back-off, samples
/// frames to the analysis rate, gates them on motion and offers them, in pooled I420 buffers, to the
/// <see cref="FrameGate"/>. The owner (the camera grain) takes frames from the gate and publishes them;
/// <c>frameReady</c> tells it when one is waiting.
/// </summary>
public sealed partial class CameraPipeline : IAsyncDisposable
{
    private readonly string _cameraId;
    private readonly CameraConfig _config;
    private readonly PipelineModel _model;
    private readonly int _generation;
    private readonly VideoDecoder _decoder;
    private readonly PipelineOptions _options;
    private readonly Action _frameReady;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly FrameBufferPool _buffers = new();
    private readonly CameraRecording? _recording;
    private Action<LiveSegment>? _live;
    private CancellationTokenSource? _restart;
    private Task _run = Task.CompletedTask;
    private Task _recordSource = Task.CompletedTask;
    private SourceRecorder? _sourceRecorder;
    private long _decoded;
    private long _dropped;
    private long _withoutMotion;
    private DateTimeOffset _lastDetectorFrameAt;
    private readonly MotionDetector? _motion;
    private int _reconnects;
    private volatile CameraState _state = CameraState.Starting;
    private volatile string? _lastError;
    private volatile string? _warning;
    /// <summary>Set while an auto camera's RTSP comes over UDP because TCP brought no video; says what TCP did.</summary>
    private volatile string? _transportWarning;
    /// <summary>Why TCP brought no video, kept from the switch until frames come over UDP.</summary>
    private string? _tcpFailure;
    /// <summary>The RTSP transport of the decoder running now.</summary>
    private RtspTransport _transport;
    private volatile string? _liveError;
    private DateTimeOffset? _lastFrameAt;
    private Letterbox? _letterbox;
    private double? _frameRate;

    public CameraPipeline(
        string cameraId, CameraConfig config, PipelineModel model, int generation,
        VideoDecoder decoder, PipelineOptions options, Action frameReady, ILogger logger, CameraRecording? recording = null,
        Action<LiveSegment>? live = null)
    {
        _cameraId = cameraId;
        _config = config;
        _model = model;
        _generation = generation;
        _decoder = decoder;
        _options = options;
        _frameReady = frameReady;
        _logger = logger;
        _recording = recording;
        _live = options.LiveVideo ? live : null;
        Gate = new FrameGate(options.MaxInFlight);
        _motion = config.MotionGate ? new MotionDetector(config.MotionMasks) : null;
    }

    public FrameGate Gate { get; }
    public PipelineModel Model => _model;
    public CameraState State => _state;
    public string? LastError => _lastError;

    /// <summary>What the camera works around: hardware decoding this silo cannot do.</summary>
    public string? Warning => _warning is { } warning && _transportWarning is { } transport ? $"{warning}; {transport}" : _warning ?? _transportWarning;
    public long FramesDecoded => Interlocked.Read(ref _decoded);
    public long FramesDropped => Interlocked.Read(ref _dropped);
    public long FramesWithoutMotion => Interlocked.Read(ref _withoutMotion);
    public int Reconnects => _reconnects;
    public DateTimeOffset? LastFrameAt => _lastFrameAt;
    public Letterbox? Letterbox => _letterbox;

    /// <summary>
    /// What decoding this camera costs, in source pixels a second (frame size times the rate frames are decoded at,
    /// 25 fps when the source did not say); 0 before the first frame. Cameras are balanced over silos by it.
    /// </summary>
    public long DecodeCost => _letterbox is { } box ? (long)(box.SourceWidth * (double)box.SourceHeight * (_frameRate ?? 25)) : 0;

    /// <summary>Set by the camera while it tracks objects: the motion gate then refreshes at <see cref="PipelineOptions.MotionGateTrackedIdle"/>.</summary>
    public bool Tracking { get; set; }

    /// <summary>The camera's recording, when it is recorded by this decoder.</summary>
    public CameraRecording? Recording => _recording;

    /// <summary>Why the camera has no live video (its codec cannot be remuxed to MP4); null while it has, or before it started.</summary>
    public string? LiveError => _liveError ?? (_options.LiveVideo ? null : "live video is off on this silo (Pipeline:LiveVideo)");

    /// <summary>Why a separate record source is not being recorded (it cannot be opened); null while it is, or without one.</summary>
    public string? RecordSourceError => _sourceRecorder?.Error;

    public void Start()
    {
        _run = Task.Run(() => RunAsync(_stop.Token));
        if (_recording is not null && _config.RecordSource is { } recordSource)
        {
            _sourceRecorder = new SourceRecorder(
                _cameraId, VideoSource.Parse(recordSource) with { TlsVerify = _config.TlsVerify }, FirstTransport, _config.Loop, _recording, _options, _logger, _decoder.Policy);
            _recordSource = Task.Run(() => _sourceRecorder.RunAsync(_stop.Token));
        }
    }

    /// <summary>
    /// Starts the decoder again at once (not counted as a reconnect): how a recording paused by storage resumes, since
    /// the recording output is part of the decoder's ffmpeg process.
    /// </summary>
    public void Restart()
    {
        if (_sourceRecorder is not null)
        {
            return; // the record source's own process resumes by itself; the decoder records nothing to resume
        }
        try
        {
            _restart?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // That decoder run has just ended: the next one starts with a fresh look at storage anyway.
        }
    }

    /// <summary>Gives a published frame's buffer back for reuse.</summary>
    public void Return(PendingFrame frame) => Return(frame.Planes);

    /// <summary>Gives a frame buffer back for reuse; thread-safe (inference returns handed-over buffers from its own turn).</summary>
    public void Return(byte[] planes) => _buffers.Return(planes);

    /// <summary>Counts frames lost after they left the gate (a failed publish, an expired acknowledgement).</summary>
    public void CountDropped(int frames)
    {
        Interlocked.Add(ref _dropped, frames);
        MediaMetrics.FramesDropped.Add(frames, MediaMetrics.Camera(_cameraId));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        await _recordSource;
        _stop.Dispose();
        _motion?.Dispose();
        if (Gate.Clear() is { } pending)
        {
            Return(pending);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var source = VideoSource.Parse(_config.Source) with { TlsVerify = _config.TlsVerify };
        var decoding = new DecoderRequest(
            source, _model.InputWidth, _model.InputHeight, _options.RealtimeFiles, _config.Loop, _options.StallTimeout,
            _options.DecoderThreads, _options.LowPriorityDecoders,
            Transport: FirstTransport,
            Hwaccel: _config.Hwaccel != HwAccel.None ? _config.Hwaccel : _options.Hwaccel,
            KeyframeRate: _config.KeyframesOnly ? _config.Fps : null);
        var backoff = new Backoff(_options.InitialBackoff, _options.MaxBackoff, Random.Shared);
        // Auto switched transports since frames last came: the next switch waits for the back-off.
        var switched = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            var sampler = new FrameSampler(_config.Fps);
            var request = decoding with { Record = _config.RecordSource is null ? _recording?.Begin() : null };
            _transport = request.Transport;
            using var restart = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _restart = restart;
            var exit = await DecodeAsync(request, sampler, source, restart.Token);
            _restart = null;
            // Only a decoder that records ends the session: with a recordSource the session is its recorder's.
            var recordingFailed = _config.RecordSource is null && _recording?.End(exit) == true;
            if (exit.LiveRefused is { } liveRefused)
            {
                // The codec will not change while this configuration runs: analysis and recording go on without live video.
                _live = null;
                _liveError = liveRefused;
                continue;
            }
            if (recordingFailed || (exit.Kind == DecoderExitKind.Cancelled && !cancellationToken.IsCancellationRequested))
            {
                // Not the source's fault: decode again at once, without the recording (it failed) or with it (restart).
                continue;
            }
            if (exit.Kind == DecoderExitKind.Failed && exit.Frames == 0 && Fallback(decoding, exit.Error) is { } fallback)
            {
                decoding = fallback;
                continue;
            }
            if (exit.Frames > 0)
            {
                switched = false;
            }
            else if (exit.Kind is DecoderExitKind.Failed or DecoderExitKind.EndOfStream && OtherTransport(decoding, exit.Error) is { } other)
            {
                // What worked stays in `decoding` for every reconnect after it; the first switch is tried at once.
                decoding = other;
                if (!switched)
                {
                    switched = true;
                    continue;
                }
            }
            switch (exit.Kind)
            {
                case DecoderExitKind.Cancelled:
                    _state = CameraState.Stopped;
                    return;
                case DecoderExitKind.EndOfStream when source.IsFile && !_config.Loop:
                    _state = CameraState.Stopped;
                    LogEnded(_logger, _cameraId, exit.Frames);
                    return;
                case DecoderExitKind.Failed when source.IsFile && (exit.Frames == 0 || !_config.Loop):
                    // A file that cannot be decoded will not get better by retrying. A looping one that was decoding
                    // lost its ffmpeg (killed, out of memory) and plays on after the back-off, as a live source would.
                    _lastError = exit.Error;
                    _state = CameraState.Failed;
                    LogFailed(_logger, _cameraId, exit.Error);
                    return;
            }

            _lastError = exit.Kind == DecoderExitKind.EndOfStream
                ? exit.Error is { } why ? $"source ended: {why}" : "source ended"
                : exit.Error;
            _state = CameraState.Reconnecting;
            if (exit.Frames > 0)
            {
                backoff.Reset();
            }
            var delay = backoff.Next();
            LogReconnecting(_logger, _cameraId, delay.TotalSeconds, _lastError);
            try
            {
                await Task.Delay(delay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                _state = CameraState.Stopped;
                return;
            }
            Interlocked.Increment(ref _reconnects);
            MediaMetrics.Reconnects.Add(1, MediaMetrics.Camera(_cameraId));
        }
        _state = CameraState.Stopped;
    }

    /// <summary>One decoder run, with its live output when the camera has one.</summary>
    private async Task<DecoderExit> DecodeAsync(DecoderRequest request, FrameSampler sampler, VideoSource source, CancellationToken cancellationToken)
    {
        using var live = _live is null ? null : new LiveOutput();
        using var liveEnds = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = live?.RunAsync(_live!, TimeProvider.System, liveEnds.Token) ?? Task.CompletedTask;
        // A file read faster than real time waits for the gate instead of decoding frames it would drop; a live
        // source cannot wait (it would fall behind), so there the newest frame replaces the pending one.
        var exit = await _decoder.RunAsync(request with { Live = live }, _buffers, frame => OnFrame(frame, sampler),
            source.IsFile && !request.Realtime ? Gate.WaitForRoomAsync : null, cancellationToken);
        // ffmpeg has gone: its live output is read to the end, or was never opened (it failed before).
        await liveEnds.CancelAsync();
        await reading;
        if (live is not null && exit.Frames > 0)
        {
            _liveError = live.Error;
        }
        return exit;
    }

    /// <summary>The RTSP transport to open with: UDP when the camera says so, else TCP (auto tries UDP when TCP brings no video).</summary>
    private RtspTransport FirstTransport => _config.RtspTransport == RtspTransport.Udp ? RtspTransport.Udp : RtspTransport.Tcp;

    /// <summary>The request to try next when a decoder failed for a reason the camera works around; null otherwise.</summary>
    private DecoderRequest? Fallback(DecoderRequest request, string? error)
    {
        if (request.Hwaccel != HwAccel.None && DecoderFallbacks.HardwareUnavailable(error))
        {
            _warning = $"hwaccel {request.Hwaccel.ToString().ToLowerInvariant()} is not available on this silo, decoding in software: {error}";
            LogFallback(_logger, _cameraId, _warning);
            return request with { Hwaccel = HwAccel.None };
        }
        return null;
    }

    /// <summary>
    /// For an auto RTSP camera that got no video: the request over the other transport. Cameras refuse a transport
    /// in many ways (461 Unsupported Transport, 400, a closed connection, a SETUP that never answers), so any failure
    /// before the first frame counts, not only the 461 the standard asks for.
    /// </summary>
    private DecoderRequest? OtherTransport(DecoderRequest request, string? error)
    {
        // Through the relay it is TCP whatever the request says: nothing to switch to.
        if (_config.RtspTransport != RtspTransport.Auto || request.Source.Scheme is not ("rtsp" or "rtsps")
            || _decoder.Policy?.Relays(request.Source) == true)
        {
            return null;
        }
        if (request.Transport == RtspTransport.Tcp)
        {
            _tcpFailure = error ?? "the stream ended before a frame";
        }
        var other = request.Transport == RtspTransport.Tcp ? RtspTransport.Udp : RtspTransport.Tcp;
        LogTrying(_logger, _cameraId, other.ToString().ToUpperInvariant(), request.Transport.ToString().ToUpperInvariant(), error);
        return request with { Transport = other };
    }

    private void OnFrame(DecodedFrame frame, FrameSampler sampler)
    {
        // Frames are numbered by decode order across the reconnects of this run (for a file without loop:
        // the frame number in the file), so sequences never repeat within a generation.
        var index = Interlocked.Increment(ref _decoded) - 1;
        MediaMetrics.FramesDecoded.Add(1, MediaMetrics.Camera(_cameraId));
        var now = DateTimeOffset.UtcNow;
        if (frame.Index == 0)
        {
            _recording?.FirstFrame(now);
        }
        if (frame.Index == 0 && _config.RtspTransport == RtspTransport.Auto)
        {
            _transportWarning = _transport == RtspTransport.Udp ? $"RTSP over UDP: over TCP the camera gave no video ({_tcpFailure})" : null;
        }
        _lastFrameAt = now;
        _letterbox = frame.Letterbox;
        _frameRate = frame.FrameRate is > 0 ? frame.FrameRate : null;
        _state = CameraState.Running;
        if (!sampler.ShouldTake(frame.SourceTime))
        {
            Return(frame.Planes);
            return;
        }

        var letterbox = frame.Letterbox;
        if (_motion is not null
            && !_motion.HasMotion(frame.Planes, letterbox.ContentWidth, letterbox.ContentHeight, letterbox.SourceWidth, letterbox.SourceHeight)
            && now - _lastDetectorFrameAt < (Tracking ? _options.MotionGateTrackedIdle : _options.MotionGateMaxIdle))
        {
            Interlocked.Increment(ref _withoutMotion);
            MediaMetrics.FramesWithoutMotion.Add(1, MediaMetrics.Camera(_cameraId));
            Return(frame.Planes);
            return;
        }
        _lastDetectorFrameAt = now;
        var pending = new PendingFrame(FrameSequence.Create(_generation, index), now, frame.SourceTime, letterbox, frame.Planes);
        if (Gate.Offer(pending) is { } dropped)
        {
            CountDropped(1);
            Return(dropped);
        }
        _frameReady();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId}: {Fallback}")]
    private static partial void LogFallback(ILogger logger, string cameraId, string fallback);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Camera {CameraId}: no video over RTSP/{Failed} ({Error}); trying {Next}")]
    private static partial void LogTrying(ILogger logger, string cameraId, string next, string failed, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {CameraId}: end of file after {Frames} frames")]
    private static partial void LogEnded(ILogger logger, string cameraId, long frames);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string cameraId, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {CameraId} reconnecting in {Seconds} s: {Error}")]
    private static partial void LogReconnecting(ILogger logger, string cameraId, double seconds, string? error);
}
