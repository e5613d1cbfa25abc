using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Orleans.Video.Silo.Security;

/// <summary>
/// ASP.NET Core's rate limiter over <c>/api</c> and <c>/auth</c>: a token bucket per key and address (so one busy
/// integration cannot starve the others, even when people share a key), a fixed window per address for requests
/// without a valid key, and a stricter one for logins. A refused request is a 429 with <c>Retry-After</c>, answered
/// before the request's handler runs.
/// </summary>
public static class RateLimits
{
    public const string LoginPolicy = "login";

    public static IServiceCollection AddVideoRateLimits(this IServiceCollection services) => services.AddRateLimiter(limiter =>
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = async (context, cancellationToken) =>
        {
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            {
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            await Results.Problem(
                title: "Too many requests",
                detail: "this key or address made more requests than the silo allows (Api:RequestsPerSecond, Api:UnauthenticatedPerMinute, Api:LoginsPerMinute); wait and try again",
                statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext);
        };
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var path = context.Request.Path;
            if (!path.StartsWithSegments("/api") && !path.StartsWithSegments("/auth"))
            {
                return RateLimitPartition.GetNoLimiter("");
            }
            var options = Options(context);
            if (context.User.Identity?.IsAuthenticated == true)
            {
                return RateLimitPartition.GetTokenBucketLimiter($"key:{context.User.FindFirstValue(ApiKeyVerifier.IdClaim)}@{Address(context)}", _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.RequestBurst,
                    TokensPerPeriod = options.RequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                });
            }
            return RateLimitPartition.GetFixedWindowLimiter("address:" + Address(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.UnauthenticatedPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
        });
        limiter.AddPolicy(LoginPolicy, context => RateLimitPartition.GetFixedWindowLimiter("login:" + Address(context), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Options(context).LoginsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));
    });

    private static ApiOptions Options(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;

    /// <summary>The client's address: the connection's, or what a proxy named in Api:TrustedProxies forwarded (<see cref="ForwardedHeadersExtensions"/>).</summary>
    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
