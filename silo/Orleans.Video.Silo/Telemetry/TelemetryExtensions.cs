using Orleans.Diagnostics;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Orleans.Video.Silo.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>
    /// Metrics from the product's meter and Orleans' <c>Microsoft.Orleans</c> meter, for Prometheus at
    /// <c>/metrics</c>. With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set (and the other standard <c>OTEL_*</c> variables),
    /// also over OTLP: the metrics, the logs, and traces of HTTP requests through the grain calls they make (Orleans
    /// carries the trace from silo to silo) and the grain storage they touch.
    /// </summary>
    public static WebApplicationBuilder AddVideoTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(VideoMeter.Name, "Microsoft.Orleans");
            metrics.AddPrometheusExporter();
            if (otlp)
            {
                metrics.AddOtlpExporter();
            }
        });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .SetSampler(new RequestTraceSampler())
                .AddAspNetCoreInstrumentation(options => options.Filter = context =>
                    !context.Request.Path.StartsWithSegments("/metrics") && !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                // Orleans files calls to interfaces in an "Orleans.*" namespace (ours are Orleans.Video) under its runtime
                // source, not the application one. The runtime's own background calls start no trace the sampler keeps.
                .AddSource(ActivitySources.ApplicationGrainActivitySourceName, ActivitySources.RuntimeActivitySourceName, ActivitySources.StorageActivitySourceName)
                .AddOtlpExporter());
            builder.Logging.AddOpenTelemetry(logs =>
            {
                logs.IncludeFormattedMessage = true;
                logs.IncludeScopes = true;
                logs.AddOtlpExporter();
            });
        }
        return builder;
    }

    /// <summary>Open like the health checks: scrapers carry no API key; the numbers hold no camera data.</summary>
    public static IEndpointRouteBuilder MapVideoMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return app;
    }
}
