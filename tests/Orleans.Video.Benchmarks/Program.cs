using Orleans.Video.Benchmarks;

// ./bench.sh [--quick]: measures the machine's limits, the naive loop and the cluster pipeline; prints a
// markdown table and writes .bench/latest.json.
var settings = BenchSettings.Parse(args);
var report = await Bench.RunAsync(settings);
Console.WriteLine(report.ToMarkdown());
report.WriteJson(Path.Combine(settings.OutputDirectory, "latest.json"));
