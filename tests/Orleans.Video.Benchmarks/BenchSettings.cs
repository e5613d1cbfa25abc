namespace Orleans.Video.Benchmarks;

/// <summary>What a run measures and for how long; <c>--quick</c> keeps the whole run under three minutes.</summary>
public sealed record BenchSettings(bool Quick, string OutputDirectory, int[] CameraCounts, TimeSpan Window, TimeSpan Warmup, int InferFrames, int WarmupPasses)
{
    public static BenchSettings Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        var output = Path.Combine(RepositoryRoot(), ".bench");
        Directory.CreateDirectory(output);
        return quick
            ? new BenchSettings(true, output, [1, 4, 8], TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(4), 200, WarmupPasses: 2)
            : new BenchSettings(false, output, [1, 4, 8, 16], TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(6), 1000, WarmupPasses: 4);
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orleans.Video.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Orleans.Video.sln not found");
    }
}
