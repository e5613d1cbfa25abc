using Npgsql;
using Orleans.Serialization;

namespace Orleans.Video.Silo.Api;

/// <summary>
/// A request that needs PostgreSQL while it is down or stalled gets a 503 with the reason and <c>Retry-After</c>, not
/// a 500: the client can tell "try again" from "broken". A statement waits out Npgsql's command timeout and a grain
/// call Orleans' response timeout (30 s each by default), so such a request answers within about 30 s; what needs no
/// database (cameras' status, live video) answers as usual meanwhile.
/// </summary>
public static class StorageUnavailable
{
    public static IApplicationBuilder UseStorageUnavailable(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (Reason(e) is { } reason && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            context.Response.Clear();
            context.Response.Headers.RetryAfter = "10";
            await Results.Problem(detail: reason, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Storage unavailable").ExecuteAsync(context);
        }
    });

    /// <summary>Why the request could not be served, when the exception says the database or the cluster did not answer.</summary>
    public static string? Reason(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            // A grain's NpgsqlException arrives as itself, or as Orleans' stand-in for a type it would not deserialise.
            if (inner is NpgsqlException || inner is UnavailableExceptionFallbackException { ExceptionType: { } type } && type.StartsWith("Npgsql.", StringComparison.Ordinal))
            {
                return $"PostgreSQL did not answer: {inner.Message}; try again shortly (GET /health/ready says when it is back)";
            }
            if (inner is TimeoutException)
            {
                return $"the cluster did not answer in time ({inner.Message}), most likely waiting on PostgreSQL; try again shortly (GET /health/ready says when it is back)";
            }
        }
        return null;
    }
}
