using Orleans.Video.Benchmarks;

// ./bench.sh [--quick] [--pipeline 8]: measures the machine's limits, the naive loop and the cluster pipeline; prints a
// markdown table and writes .bench/latest.json.
var settings = BenchSettings.Parse(args);
if (settings.PipelineOnly)
{
    Console.WriteLine(BenchReport.PipelineTable(await Bench.PipelineOnlyAsync(settings)));
    return;
}
var report = await Bench.RunAsync(settings);
Console.WriteLine(report.ToMarkdown());
report.WriteJson(Path.Combine(settings.OutputDirectory, "latest.json"));
