using System.Globalization;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// A model's inference counters as the silo exports them on <c>/metrics</c> (Prometheus): the run-duration histogram
/// <c>orleans_video_inference_duration_seconds</c> (its sum and count) and <c>orleans_video_inference_frames</c>. Two
/// samples give the mean time of a run, and of a frame, between them.
/// </summary>
public sealed record InferenceCounters(double Seconds, double Runs, double Frames)
{
    public static async Task<InferenceCounters> ReadAsync(HttpClient http, string baseUrl, string model)
    {
        var text = await http.GetStringAsync($"{baseUrl}/metrics");
        var label = $"model=\"{model}\"";
        // One series a model (the exporter adds scope labels): "name{model="objects",otel_scope_name="…"} 12.5 1733…".
        double Value(string name) => text.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) && line.Contains(label, StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
        return new InferenceCounters(
            Value("orleans_video_inference_duration_seconds_sum"),
            Value("orleans_video_inference_duration_seconds_count"),
            Value("orleans_video_inference_frames_total"));
    }

    public static InferenceCounters operator -(InferenceCounters after, InferenceCounters before) =>
        new(after.Seconds - before.Seconds, after.Runs - before.Runs, after.Frames - before.Frames);
}
