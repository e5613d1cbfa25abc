using Orleans.Video.TestSupport;

namespace Orleans.Video.Benchmarks;

/// <summary>What a run measures and for how long; <c>--quick</c> keeps the whole run under three minutes.</summary>
public sealed record BenchSettings(bool Quick, string OutputDirectory, int[] CameraCounts, TimeSpan Window, TimeSpan Warmup, int InferFrames, int WarmupPasses)
{
    public static BenchSettings Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        var output = Path.Combine(SiloProcess.RepositoryRoot(), ".bench");
        Directory.CreateDirectory(output);
        var settings = quick
            ? new BenchSettings(true, output, [1, 4, 8], TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(4), 200, WarmupPasses: 2)
            : new BenchSettings(false, output, [1, 4, 8, 16], TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(6), 1000, WarmupPasses: 4);
        settings = settings with { Model = ModelArgument(args), TraceScene = Array.IndexOf(args, "--trace") is var trace and >= 0 && trace + 1 < args.Length ? args[trace + 1] : null };
        return PipelineCounts(args) is { } cameras ? settings with { CameraCounts = cameras, PipelineOnly = true } : settings;
    }

    /// <summary>--model text: measure PaddleOCR's text detector instead of the default <c>shapes</c>.</summary>
    public BenchModel Model { get; init; } = BenchModel.Shapes;

    private static BenchModel ModelArgument(string[] args)
    {
        var at = Array.IndexOf(args, "--model");
        return at < 0 ? BenchModel.Shapes
            : at + 1 < args.Length ? BenchModel.Named(args[at + 1])
            : throw new ArgumentException("--model takes shapes (the default) or text");
    }

    /// <summary>--tracking --trace crossing: one generated scene's frame-by-frame assignments instead of the tables.</summary>
    public string? TraceScene { get; init; }

    /// <summary>--pipeline 8 (or 4,8): only the pipeline rows at these camera counts, for comparing two settings quickly.</summary>
    public bool PipelineOnly { get; init; }

    private static int[]? PipelineCounts(string[] args)
    {
        var at = Array.IndexOf(args, "--pipeline");
        if (at < 0)
        {
            return null;
        }
        int[] counts = at + 1 < args.Length ? [.. args[at + 1].Split(',').Select(c => int.TryParse(c, out var n) ? n : 0)] : [];
        if (counts.Length == 0 || counts.Any(n => n <= 0))
        {
            throw new ArgumentException("--pipeline takes camera counts, such as --pipeline 8 or --pipeline 4,8");
        }
        return counts;
    }
}
