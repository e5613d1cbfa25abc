using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Video.Media;
using Orleans.Video.Media.Live;
using Orleans.Video.Sources;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// <c>./bench.sh --recording</c>: what recording, the live view's remux and keyframes-only decoding cost the decoders, side by side in one
/// run. Each mode runs the same cameras (the 720p clip, read in real time like a camera, looped) for the same
/// window, in alternation (A B C, A B C) so that drift of a shared machine falls on every mode alike; CPU is the
/// ffmpeg processes' own time from /proc, per camera, as a share of one core.
/// </summary>
public static class RecordingBench
{
    private const int Cameras = 4;

    private enum Mode
    {
        Decode,
        DecodeAndRecord,
        DecodeAndLive,
        KeyframesOnlyAtOneFps,
    }

    public static async Task<string> RunAsync(BenchSettings settings)
    {
        var clips = Path.Combine(settings.OutputDirectory, "clips");
        Directory.CreateDirectory(clips);
        var clip = BenchClips.MovingKeyframeEverySecond(clips);
        var sourceBitsPerSecond = new FileInfo(clip).Length * 8 / BenchClips.Seconds;
        var window = settings.Quick ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(30);
        var cpu = Enum.GetValues<Mode>().ToDictionary(m => m, _ => new List<double>());
        var reader = Enum.GetValues<Mode>().ToDictionary(m => m, _ => new List<double>());
        var recordedBitsPerSecond = new List<double>();
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var mode in Enum.GetValues<Mode>())
            {
                var (share, readerShare, bits) = await MeasureAsync(clip, mode, window);
                cpu[mode].Add(share);
                reader[mode].Add(readerShare);
                if (bits > 0)
                {
                    recordedBitsPerSecond.Add(bits);
                }
            }
        }

        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"Recording, live remux and keyframes-only decoding, {Cameras} cameras of 1280x720 H.264 at 25 fps (keyframe every second), {window.TotalSeconds:0} s per mode, two alternating passes; {Environment.ProcessorCount} cores");
        table.AppendLine();
        table.AppendLine("| mode | ffmpeg CPU per camera (% of a core), each pass | mean | reading it in .NET, per camera (mean) |");
        table.AppendLine("|---|---|---|---|");
        foreach (var (mode, shares) in cpu)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| {Describe(mode)} | {string.Join(" / ", shares.Select(s => s.ToString("0.0", CultureInfo.InvariantCulture)))} | {shares.Average():0.0} | {reader[mode].Average():0.0} |");
        }
        table.AppendLine();
        var overhead = cpu[Mode.DecodeAndRecord].Average() - cpu[Mode.Decode].Average();
        table.AppendLine(CultureInfo.InvariantCulture, $"Recording adds {overhead:0.0} % of a core per camera ({overhead / cpu[Mode.Decode].Average() * 100:0} % of decoding alone).");
        var live = cpu[Mode.DecodeAndLive].Average() - cpu[Mode.Decode].Average();
        var liveReading = reader[Mode.DecodeAndLive].Average() - reader[Mode.Decode].Average();
        table.AppendLine(CultureInfo.InvariantCulture, $"The live view's remux adds {live:0.0} % of a core per camera in ffmpeg ({live / cpu[Mode.Decode].Average() * 100:0} % of decoding alone), and reading its fragments {liveReading:0.0} % in .NET.");
        table.AppendLine(CultureInfo.InvariantCulture, $"Recorded bitrate {recordedBitsPerSecond.Average() / 1000:0} kbit/s against the source's {sourceBitsPerSecond / 1000.0:0} kbit/s ({recordedBitsPerSecond.Average() / sourceBitsPerSecond * 100:0.0} %; MPEG-TS packets and stream-time vs wall-time windows make the difference).");
        table.AppendLine(CultureInfo.InvariantCulture, $"Keyframes only at 1 fps: {cpu[Mode.KeyframesOnlyAtOneFps].Average() / cpu[Mode.Decode].Average() * 100:0} % of the CPU of decoding every frame (which a camera analysed at 1 fps otherwise does: sampling happens after decoding).");
        return table.ToString();
    }

    private static string Describe(Mode mode) => mode switch
    {
        Mode.Decode => "decode every frame (25 fps) and scale to the model input",
        Mode.DecodeAndRecord => "the same, and record (stream copy, 4 s segments)",
        Mode.DecodeAndLive => "the same, and remux for live view (stream copy, a fragment per frame, read by this process)",
        Mode.KeyframesOnlyAtOneFps => "keyframes only (1 fps), scaled to the model input",
        _ => mode.ToString(),
    };

    /// <summary>
    /// Runs the cameras in one mode for the window; returns ffmpeg CPU per camera and this process's (reading frames,
    /// and fragments in live mode), each as % of a core, and the recorded bits a second.
    /// </summary>
    private static async Task<(double Share, double ReaderShare, double RecordedBitsPerSecond)> MeasureAsync(string clip, Mode mode, TimeSpan window)
    {
        var root = Directory.CreateTempSubdirectory("orleans-video-bench-recording-").FullName;
        try
        {
            var decoder = new VideoDecoder(NullLogger<VideoDecoder>.Instance);
            using var stop = new CancellationTokenSource();
            var sessions = new List<RecordingSession>();
            var lives = new List<LiveOutput>();
            var runs = new List<Task>();
            for (var camera = 0; camera < Cameras; camera++)
            {
                RecordingTarget? target = null;
                if (mode == Mode.DecodeAndRecord)
                {
                    var session = new RecordingSession(root, RecordingLayout.NewSession($"bench-{camera}", DateTimeOffset.UtcNow), TimeSpan.FromSeconds(4));
                    Directory.CreateDirectory(session.Target.Directory);
                    sessions.Add(session);
                    target = session.Target;
                }
                LiveOutput? live = null;
                if (mode == Mode.DecodeAndLive)
                {
                    live = new LiveOutput();
                    lives.Add(live);
                    runs.Add(live.RunAsync(_ => { }, TimeProvider.System, stop.Token));
                }
                var request = new DecoderRequest(VideoSource.Parse(clip), BenchModel.InputWidth, BenchModel.InputHeight, Realtime: true, Loop: true,
                    StallTimeout: TimeSpan.FromSeconds(30), Record: target,
                    KeyframeRate: mode == Mode.KeyframesOnlyAtOneFps ? 1 : null, Live: live);
                var buffers = new FrameBufferPool();
                runs.Add(decoder.RunAsync(request, buffers, frame => buffers.Return(frame.Planes), stop.Token));
            }
            // Past ffmpeg's start-up (probing, the first keyframe), then the window.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var sampler = new SystemSampler();
            var bytesBefore = RecordedBytes(root);
            await Task.Delay(window);
            var (reading, decoders) = sampler.ProcessTimes();
            var bytes = RecordedBytes(root) - bytesBefore;
            await stop.CancelAsync();
            await Task.WhenAll(runs);
            lives.ForEach(live => live.Dispose());
            return (decoders.TotalSeconds / window.TotalSeconds / Cameras * 100, reading.TotalSeconds / window.TotalSeconds / Cameras * 100, mode == Mode.DecodeAndRecord ? bytes * 8 / window.TotalSeconds / Cameras : 0);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static long RecordedBytes(string root) =>
        Directory.GetFiles(root, "*.ts", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
}
