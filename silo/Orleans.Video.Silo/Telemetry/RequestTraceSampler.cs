using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Orleans.Video.Silo.Telemetry;

/// <summary>
/// Keeps the traces that begin with an HTTP request, whole, and nothing else: every analysed frame is a grain call, and
/// a trace for each would be thousands a second about nothing anyone asked. A span with a parent follows its parent's
/// decision (made on this silo, or carried by Orleans from another); a span without one is kept only if it is an
/// incoming HTTP request.
/// </summary>
public sealed class RequestTraceSampler : Sampler
{
    /// <summary>The operation name ASP.NET Core gives its request activity, before the instrumentation renames it.</summary>
    private const string HttpRequestIn = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    private static readonly SamplingResult Keep = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    public override SamplingResult ShouldSample(in SamplingParameters parameters)
    {
        if (parameters.ParentContext.TraceId != default)
        {
            return parameters.ParentContext.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? Keep : Drop;
        }
        return parameters.Kind == ActivityKind.Server && parameters.Name == HttpRequestIn ? Keep : Drop;
    }
}
