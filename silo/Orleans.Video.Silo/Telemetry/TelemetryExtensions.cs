using OpenTelemetry.Metrics;

namespace Orleans.Video.Silo.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>
    /// Metrics from the product's meter and Orleans' <c>Microsoft.Orleans</c> meter, for Prometheus at
    /// <c>/metrics</c>, and pushed over OTLP as well when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// </summary>
    public static WebApplicationBuilder AddVideoTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(VideoMeter.Name, "Microsoft.Orleans");
            metrics.AddPrometheusExporter();
            if (otlp)
            {
                metrics.AddOtlpExporter();
            }
        });
        return builder;
    }

    /// <summary>Open like the health checks: scrapers carry no API key; the numbers hold no camera data.</summary>
    public static IEndpointRouteBuilder MapVideoMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return app;
    }
}
