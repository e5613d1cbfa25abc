using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Orleans.Video.Benchmarks;

public sealed record BenchReport(
    string Machine,
    string Model,
    double LimitDecodeFps,
    double LimitInferFps,
    int LimitInferBatch,
    double NaiveFps,
    double PipedLoopFps,
    IReadOnlyList<PipelineResult> Pipeline,
    PipelineResult HalfLoad,
    double MotionGateFactor)
{
    public double LimitFps => Math.Min(LimitDecodeFps, LimitInferFps);

    /// <summary>What a frame costs in CPU decoding alone and inferring alone, and the naive program with a thread per camera.</summary>
    public CpuCosts? Cpu { get; init; }

    /// <summary>
    /// The camera count with the best few-second stretch. ffmpeg alone and the naive loop are each the best of
    /// several runs of a few seconds, so the headline ratios compare the pipeline's best stretch with theirs.
    /// </summary>
    public PipelineResult Best => Pipeline.MaxBy(p => p.PeakFps)!;

    /// <summary>The camera count with the best whole window, reported beside the headline as the plainer measure.</summary>
    public PipelineResult BestWindow => Pipeline.MaxBy(p => p.ProcessedFps)!;

    /// <summary>The row the performance issue sets its targets at, when the run has it.</summary>
    public PipelineResult? AtEight => Pipeline.FirstOrDefault(p => p.Cameras == 8);

    /// <summary>
    /// Memory an extra active camera costs: the slope of resident memory between the smallest and largest camera
    /// counts, which leaves out what the silo holds anyway (runtime, ONNX sessions, Orleans, caches).
    /// </summary>
    public double RssMbPerCamera
    {
        get
        {
            var (few, many) = (Pipeline.MinBy(p => p.Cameras)!, Pipeline.MaxBy(p => p.Cameras)!);
            return many.Cameras == few.Cameras ? many.RssMb / many.Cameras : (many.RssMb - few.RssMb) / (many.Cameras - few.Cameras);
        }
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine}; model: {Model}").AppendLine();
        text.AppendLine("| measurement | value |").AppendLine("|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| limit_decode_fps (ffmpeg -f null, 1280x720 H.264) | {LimitDecodeFps:0} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| limit_infer_fps (ONNX Runtime alone, batch {LimitInferBatch}) | {LimitInferFps:0} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| naive_fps (one process, one loop: OpenCV decode → resize → blob → infer) | {NaiveFps:0} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| piped_loop_fps (one loop fed by ffmpeg decoding ahead in its own process, the product's decoder and tensor fill) | {PipedLoopFps:0} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| pipeline_fps (best third of a window, {Best.Cameras} cameras) | {Best.PeakFps:0} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| pipeline_vs_limit | {Best.PeakFps / LimitFps:0.00} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| pipeline_vs_naive | {Best.PeakFps / NaiveFps:0.00} |");
        if (AtEight is { } eight)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| at 8 cameras: pipeline_vs_limit / pipeline_vs_naive / pipeline_vs_piped_loop | {eight.PeakFps / LimitFps:0.00} / {eight.PeakFps / NaiveFps:0.00} / {eight.PeakFps / PipedLoopFps:0.00} |");
        }
        if (Cpu is { } cpu)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| CPU ms a frame: decoding alone (ffmpeg decode + scale + pipe) / inferring alone (as configured; one session, one thread) | {cpu.DecodeMs:0.0} / {cpu.InferMs:0.0}; {cpu.InferMsOneThread:0.0} |");
            text.AppendLine(CultureInfo.InvariantCulture, $"| limit_cpu_fps = {Environment.ProcessorCount} cores / (decode + cheaper infer) | {cpu.LimitFps:0.0} |");
            text.AppendLine(CultureInfo.InvariantCulture, $"| naive_cameras_fps ({cpu.NaiveCameras} threads, each decode → infer → store) | {cpu.NaiveCamerasFps:0.0} |");
            if (Pipeline.FirstOrDefault(p => p.Cameras == cpu.NaiveCameras) is { } row)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| at {cpu.NaiveCameras} cameras: pipeline_vs_cpu_limit / pipeline_vs_naive_cameras (best third; whole window) | {row.PeakFps / cpu.LimitFps:0.00} / {row.PeakFps / cpu.NaiveCamerasFps:0.00}; {row.ProcessedFps / cpu.LimitFps:0.00} / {row.ProcessedFps / cpu.NaiveCamerasFps:0.00} |");
            }
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"| pipeline fps over a whole window (best, {BestWindow.Cameras} cameras) | {BestWindow.ProcessedFps:0} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| pipeline_vs_limit over a whole window | {BestWindow.ProcessedFps / LimitFps:0.00} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| p50 / p99 ms decode→stored at half load ({HalfLoad.Cameras} cameras, {HalfLoad.OfferedFps:0} fps offered) | {HalfLoad.P50Ms:0} / {HalfLoad.P99Ms:0} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| memory per additional camera (PSS, silo + ffmpeg) | {RssMbPerCamera:0} MB |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| inference calls saved by the motion gate (mostly static clip) | {MotionGateFactor:0.0}× |");
        text.AppendLine();
        text.Append(PipelineTable(Pipeline));
        return text.ToString();
    }

    /// <summary>One row per camera count.</summary>
    public static string PipelineTable(IEnumerable<PipelineResult> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| cameras | processed fps: window / best third | p50 ms | p99 ms | dropped | CPU % | CPU ms per frame: silo / ffmpeg | KB allocated per frame | GCs gen 0/1/2 | JIT ms | PSS MB (silo + ffmpeg) |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var run in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {run.Cameras} | {run.ProcessedFps:0} / {run.PeakFps:0} | {run.P50Ms:0} | {run.P99Ms:0} | {run.Dropped} | {run.CpuPercent:0} | {run.SiloCpuMsPerFrame:0.0} / {run.DecoderCpuMsPerFrame:0.0} | {run.AllocatedKbPerFrame:0} | {string.Join('/', run.Collections)} | {run.JitMs:0} | {run.RssMb:0} |");
        }
        return text.ToString();
    }

    public void WriteJson(string path)
    {
        var json = new Dictionary<string, object?>
        {
            ["machine"] = Machine,
            ["model"] = Model,
            ["limit_decode_fps"] = Math.Round(LimitDecodeFps, 1),
            ["limit_infer_fps"] = Math.Round(LimitInferFps, 1),
            ["limit_fps"] = Math.Round(LimitFps, 1),
            ["naive_fps"] = Math.Round(NaiveFps, 1),
            ["piped_loop_fps"] = Math.Round(PipedLoopFps, 1),
            ["pipeline_fps"] = Math.Round(Best.PeakFps, 1),
            ["pipeline_cameras"] = Best.Cameras,
            ["pipeline_vs_limit"] = Math.Round(Best.PeakFps / LimitFps, 3),
            ["pipeline_vs_naive"] = Math.Round(Best.PeakFps / NaiveFps, 3),
            ["pipeline_vs_limit_at_8"] = AtEight is { } eight ? Math.Round(eight.PeakFps / LimitFps, 3) : null,
            ["pipeline_vs_naive_at_8"] = AtEight is { } atEight ? Math.Round(atEight.PeakFps / NaiveFps, 3) : null,
            ["pipeline_vs_piped_loop_at_8"] = AtEight is { } piped ? Math.Round(piped.PeakFps / PipedLoopFps, 3) : null,
            ["pipeline_fps_whole_window"] = Math.Round(BestWindow.ProcessedFps, 1),
            ["pipeline_vs_limit_whole_window"] = Math.Round(BestWindow.ProcessedFps / LimitFps, 3),
            ["p50_ms_half_load"] = Math.Round(HalfLoad.P50Ms, 1),
            ["p99_ms_half_load"] = Math.Round(HalfLoad.P99Ms, 1),
            ["rss_mb_per_camera"] = Math.Round(RssMbPerCamera, 1),
            ["inference_calls_saved_by_motion_gate"] = Math.Round(MotionGateFactor, 2),
            ["decode_cpu_ms"] = Cpu is { } c1 ? Math.Round(c1.DecodeMs, 2) : null,
            ["infer_cpu_ms"] = Cpu is { } c2 ? Math.Round(c2.InferMs, 2) : null,
            ["infer_cpu_ms_one_thread"] = Cpu is { } c3 ? Math.Round(c3.InferMsOneThread, 2) : null,
            ["limit_cpu_fps"] = Cpu is { } c4 ? Math.Round(c4.LimitFps, 1) : null,
            ["naive_cameras_fps"] = Cpu is { } c5 ? Math.Round(c5.NaiveCamerasFps, 1) : null,
            ["pipeline"] = Pipeline,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
    }
}

/// <summary>
/// Issue 33's limit for a CPU-only machine: its cores divided by what one frame costs in CPU decoding alone plus
/// inferring alone (each measured alone, on the same clip, in the same run); and the naive program it compares with.
/// </summary>
public sealed record CpuCosts(double DecodeMs, double InferMs, double InferMsOneThread, int NaiveCameras, double NaiveCamerasFps)
{
    /// <summary>The cheaper of the two inference settings counts: the limit is what the machine could do at best.</summary>
    public double LimitFps => Environment.ProcessorCount * 1000 / (DecodeMs + Math.Min(InferMs, InferMsOneThread));
}
