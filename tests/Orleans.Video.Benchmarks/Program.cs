using Orleans.Video.Benchmarks;

// ./bench.sh [--quick] [--soak MINUTES] [--pipeline 8] [--model text] [--recording] [--live] [--job] [--tracking] [--cluster [topology|dead|cold|failover|transport|results|control]]: measures the machine's limits, the naive loop and the cluster pipeline; prints a
// markdown table and writes .bench/latest.json.
BenchSettings settings;
try
{
    settings = BenchSettings.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
if (Array.IndexOf(args, "--soak") is var soak and >= 0)
{
    // --soak MINUTES (120 by default): the demo with viewers and jobs, sampled every minute; slopes an hour.
    var minutes = soak + 1 < args.Length && int.TryParse(args[soak + 1], out var given) && given > 0 ? given : 120;
    Console.WriteLine(await SoakBench.RunAsync(minutes));
    return 0;
}
if (Array.IndexOf(args, "--cluster") is var cluster and >= 0)
{
    // --cluster [topology|dead|cold|failover|transport|results|control]: one case, or all seven.
    var part = cluster + 1 < args.Length && !args[cluster + 1].StartsWith("--", StringComparison.Ordinal) ? args[cluster + 1] : null;
    Console.WriteLine(await ClusterBench.RunAsync(settings, part));
    return 0;
}
if (args.Contains("--demo"))
{
    Console.WriteLine(await DemoBench.RunAsync(settings));
    return 0;
}
if (args.Contains("--tracking"))
{
    Console.WriteLine(await TrackingBench.RunAsync(settings));
    return 0;
}
if (args.Contains("--job"))
{
    Console.WriteLine(await JobBench.RunAsync(settings));
    return 0;
}
if (args.Contains("--live"))
{
    Console.WriteLine(await LiveBench.RunAsync(settings));
    return 0;
}
if (args.Contains("--recording"))
{
    Console.WriteLine(await RecordingBench.RunAsync(settings));
    return 0;
}
if (settings.PipelineOnly)
{
    Console.WriteLine(BenchReport.PipelineTable(await Bench.PipelineOnlyAsync(settings)));
    return 0;
}
var report = await Bench.RunAsync(settings);
Console.WriteLine(report.ToMarkdown());
report.WriteJson(Path.Combine(settings.OutputDirectory, "latest.json"));
return 0;
