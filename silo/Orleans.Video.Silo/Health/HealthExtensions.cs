using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orleans.Video.Silo.Health;

public static class HealthExtensions
{
    private const string Ready = "ready";

    public static IServiceCollection AddVideoHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", tags: [Ready])
            .AddCheck<MembershipHealthCheck>("membership", tags: [Ready])
            .AddCheck<GpuHealthCheck>("gpu", tags: [Ready]);
        return services;
    }

    /// <summary>
    /// <c>/health/live</c>: the process answers (no dependency checked, so a database outage does not get every
    /// silo restarted). <c>/health/ready</c>: this silo is an active cluster member; "Degraded" (still 200) while
    /// PostgreSQL does not answer, or while models that asked for CUDA run on the CPU. Its body is the status, then a line per check that
    /// is not healthy, saying why: probes read the status code, people the text.
    /// </summary>
    public static IEndpointRouteBuilder MapVideoHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Ready),
            ResponseWriter = WriteStatusAndReasons,
        }).AllowAnonymous();
        return app;
    }

    private static Task WriteStatusAndReasons(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var reasons = report.Entries
            .Where(entry => entry.Value.Status != HealthStatus.Healthy)
            .Select(entry => $"\n{entry.Key}: {entry.Value.Description ?? entry.Value.Exception?.Message ?? entry.Value.Status.ToString()}");
        return context.Response.WriteAsync(report.Status + string.Concat(reasons));
    }
}
