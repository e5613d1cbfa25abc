using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Video.Inference;
using Orleans.Video.Media;
using Orleans.Video.Sources;

namespace Orleans.Video.Benchmarks;

/// <summary>The machine's limits (ffmpeg alone, ONNX Runtime alone) and the one-loop program fed by ffmpeg decoding ahead.</summary>
public static class Limits
{
    /// <summary>
    /// ffmpeg decoding the clip to nothing, as fast as it can: the best of three runs. One run of a few seconds on a
    /// shared virtual machine measured anywhere from 103 to 151 fps in one afternoon, and a low limit flatters the ratio.
    /// </summary>
    public static double DecodeFps(string clip) => Enumerable.Range(0, 3).Max(_ => DecodeOnce(clip));

    private static double DecodeOnce(string clip)
    {
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo("ffmpeg", $"-loglevel error -i \"{clip}\" -f null -") { UseShellExecute = false })!;
        process.WaitForExit();
        return FrameCount(clip) / clock.Elapsed.TotalSeconds;
    }

    /// <summary>ONNX Runtime alone on one preprocessed frame, at batch sizes 1, 2, 4, 8: the best frames per second.</summary>
    public static async Task<(double Fps, int Batch)> InferFpsAsync(string clip, int frames, BenchModel model)
    {
        await using var engine = await StartEngineAsync(model);
        var packet = (await PacketsAsync(clip, model, 1))[0];
        var best = (Fps: 0.0, Batch: 1);
        foreach (var batch in new[] { 1, 2, 4, 8 })
        {
            await Task.WhenAll(Enumerable.Range(0, batch).Select(_ => engine.Engine.DetectAsync(packet)));
            var clock = Stopwatch.StartNew();
            for (var done = 0; done < frames; done += batch)
            {
                await Task.WhenAll(Enumerable.Range(0, batch).Select(_ => engine.Engine.DetectAsync(packet)));
            }
            var fps = frames / clock.Elapsed.TotalSeconds;
            if (fps > best.Fps)
            {
                best = (fps, batch);
            }
        }
        return best;
    }

    /// <summary>
    /// A stronger loop than the naive one (<see cref="NaiveLoop"/>): preprocess → infer a frame at a time, but fed by
    /// ffmpeg in its own process, decoding ahead with its own threads while the loop infers, and built from the
    /// product's decoder (scaled by ffmpeg, I420) and tensor fill. Three runs through the clip.
    /// </summary>
    /// <returns>The rate of each run, in order.</returns>
    public static async Task<double[]> PipedLoopFpsAsync(string clip, BenchModel model)
    {
        await using var engine = await StartEngineAsync(model);
        var runs = new double[3];
        for (var run = 0; run < runs.Length; run++)
        {
            runs[run] = await PipedLoopOnceAsync(engine.Engine, clip, model);
        }
        return runs;
    }

    private static async Task<double> PipedLoopOnceAsync(IInferenceEngine engine, string clip, BenchModel model)
    {
        var decoder = new VideoDecoder(NullLogger<VideoDecoder>.Instance);
        var buffers = new FrameBufferPool();
        var clock = Stopwatch.StartNew();
        var exit = await decoder.RunAsync(Request(clip, model), buffers, frame =>
        {
            engine.DetectAsync(Packet(model, frame.Letterbox, frame.Planes, frame.Index)).GetAwaiter().GetResult();
            buffers.Return(frame.Planes);
        }, CancellationToken.None);
        return exit.Frames / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// CPU milliseconds one frame costs decoding alone: the product's decoder (ffmpeg decoding, scaling to the model's
    /// input, the pipe, and this process reading it) through the clip with nothing else running, counted by getrusage
    /// over this process and ffmpeg. The best of three runs.
    /// </summary>
    public static async Task<double> DecodeCpuMsPerFrameAsync(string clip, BenchModel model)
    {
        var best = double.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var decoder = new VideoDecoder(NullLogger<VideoDecoder>.Instance);
            var buffers = new FrameBufferPool();
            var cpu = CpuClock.Now();
            var exit = await decoder.RunAsync(Request(clip, model), buffers, frame => buffers.Return(frame.Planes), CancellationToken.None);
            best = Math.Min(best, (CpuClock.Now() - cpu).TotalMilliseconds / exit.Frames);
        }
        return best;
    }

    /// <summary>
    /// CPU milliseconds one frame costs inferring alone, on the clip's first frames (decoded and scaled beforehand, the
    /// same frames the pipeline starts with), eight in flight at a time as cameras keep them: the model's settings as
    /// the silo has them, and the same model on one session with one thread (the least CPU a frame can take). Each the
    /// best of three runs.
    /// </summary>
    public static async Task<(double Configured, double OneThread)> InferCpuMsPerFrameAsync(string clip, int frames, BenchModel model)
    {
        var packets = await PacketsAsync(clip, model, 16);
        var oneThread = model with
        {
            Settings = new Dictionary<string, string?>(model.Settings)
            {
                ["Inference:IntraOpThreads"] = "1",
                [$"Inference:Models:{model.Name}:Sessions"] = "1",
                [$"Inference:Models:{model.Name}:MakeBatchDynamic"] = "false",
            },
        };
        return (await InferCpuOnceAsync(model, packets, frames), await InferCpuOnceAsync(oneThread, packets, frames));
    }

    private static async Task<double> InferCpuOnceAsync(BenchModel model, FramePacket[] packets, int frames)
    {
        await using var engine = await StartEngineAsync(model);
        await Task.WhenAll(packets.Select(p => engine.Engine.DetectAsync(p)));
        var best = double.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var cpu = CpuClock.Now();
            var next = 0;
            async Task Worker()
            {
                for (int i; (i = Interlocked.Increment(ref next)) <= frames;)
                {
                    await engine.Engine.DetectAsync(packets[i % packets.Length]);
                }
            }
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(Worker)));
            best = Math.Min(best, (CpuClock.Now() - cpu).TotalMilliseconds / frames);
        }
        return best;
    }

    /// <summary>The clip's first <paramref name="count"/> frames as the camera pipeline packs them for the model.</summary>
    private static async Task<FramePacket[]> PacketsAsync(string clip, BenchModel model, int count)
    {
        var decoder = new VideoDecoder(NullLogger<VideoDecoder>.Instance);
        var packets = new List<FramePacket>(count);
        using var stop = new CancellationTokenSource();
        await decoder.RunAsync(Request(clip, model), new FrameBufferPool(), frame =>
        {
            if (packets.Count < count)
            {
                // The pool's buffers are reused: keep a copy of each frame.
                packets.Add(Packet(model, frame.Letterbox, (byte[])frame.Planes.Clone(), frame.Index));
            }
            if (packets.Count == count)
            {
                stop.Cancel();
            }
        }, stop.Token);
        return packets.Count == count ? [.. packets] : throw new InvalidOperationException($"{clip} has fewer than {count} frames");
    }

    private static FramePacket Packet(BenchModel model, Letterbox letterbox, byte[] planes, long index) => new()
    {
        CameraId = "bench",
        Sequence = index,
        Timestamp = DateTimeOffset.UtcNow,
        Model = model.Name,
        Letterbox = letterbox,
        Planes = new FramePlanes(planes),
    };

    private static DecoderRequest Request(string clip, BenchModel model) =>
        new(VideoSource.Parse(clip), model.Width, model.Height, Realtime: false, Loop: false, StallTimeout: TimeSpan.FromSeconds(30));

    private static int FrameCount(string clip)
    {
        using var probe = Process.Start(new ProcessStartInfo("ffprobe",
            $"-v error -count_packets -select_streams v:0 -show_entries stream=nb_read_packets -of csv=p=0 \"{clip}\"")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var text = probe.StandardOutput.ReadToEnd();
        probe.WaitForExit();
        return int.Parse(text.Trim());
    }

    private static async Task<EngineHandle> StartEngineAsync(BenchModel model)
    {
        var services = model.InferenceServices();
        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
        return new EngineHandle(services, services.GetRequiredService<IInferenceEngine>());
    }

    private sealed record EngineHandle(ServiceProvider Services, IInferenceEngine Engine) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Services.DisposeAsync();
    }
}
