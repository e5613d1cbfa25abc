using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;

namespace Orleans.Video.Silo.Security;

public static class SecurityExtensions
{
    private const string Either = "ApiKeyOrCookie";

    /// <summary>
    /// API keys with roles: the <c>X-Api-Key</c> header for programs, a cookie set by <c>POST /auth/login</c> for
    /// browsers (checked against the key registry on every request, so a revoked key's logins end too). Routes name
    /// the role they need (<see cref="ApiPolicies"/>); a missing or wrong key gets a JSON 401, a role too low a JSON 403.
    /// </summary>
    public static IServiceCollection AddVideoSecurity(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ApiKeyVerifier>();
        services.AddSingleton<ConcurrencyCaps>();
        // Every body is bounded as it is read (a chunked body has no Content-Length to check first); uploads raise it.
        services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<ApiOptions>>((kestrel, api) => kestrel.Limits.MaxRequestBodySize = api.Value.MaxBodyBytes);
        services.AddAuthentication(Either)
            .AddPolicyScheme(Either, "API key header or login cookie", policy =>
                policy.ForwardDefaultSelector = context =>
                    context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header)
                        ? ApiKeyAuthenticationHandler.SchemeName
                        : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = "orleans-video";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                // Secure whenever the browser came over HTTPS, also through a proxy that ended TLS
                // (UseVideoForwardedProto): the key's cookie never travels in clear after a TLS login.
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.SlidingExpiration = true;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
                cookie.Events.OnRedirectToLogin = context => Unauthorized.WriteAsync(context.HttpContext);
                cookie.Events.OnRedirectToAccessDenied = context => Forbidden.WriteAsync(context.HttpContext);
                cookie.Events.OnValidatePrincipal = async context =>
                {
                    if (context.Principal is null
                        || await context.HttpContext.RequestServices.GetRequiredService<ApiKeyVerifier>().StillValidAsync(context.Principal) is null)
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    }
                };
            });
        services.AddAuthorizationBuilder().AddVideoPolicies();
        services.AddVideoRateLimits();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            // Without Api:TrustedProxies, only the scheme: a forged X-Forwarded-Proto can only make a cookie Secure, and
            // client addresses are not taken from headers. With it, ForwardedHeadersExtensions trusts both, from those proxies.
            options.ForwardedHeaders = ForwardedHeaders.XForwardedProto;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
        });
        return services;
    }

    /// <summary>Takes the request's scheme from the proxy in front (X-Forwarded-Proto), so HTTPS is seen as HTTPS.</summary>
    public static IApplicationBuilder UseVideoForwardedProto(this IApplicationBuilder app) => app.UseForwardedHeaders();

    /// <summary>
    /// Authentication, then the caller as the audit log names it (carried with every grain call the request makes),
    /// then rate limits (per key, so they come after authentication), then the origin of cookie requests
    /// (<see cref="RequestOrigin"/>), then authorization.
    /// </summary>
    public static IApplicationBuilder UseVideoSecurity(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.Use((context, next) =>
        {
            if (context.User.Identity is { IsAuthenticated: true, Name: { } name })
            {
                AuditActor.Set("key:" + name);
            }
            return next(context);
        });
        app.UseRateLimiter();
        app.UseVideoOriginCheck();
        app.UseAuthorization();
        return app;
    }

    /// <summary>The caller's role; <see cref="ApiRole.Viewer"/> for any authenticated caller without one.</summary>
    public static ApiRole Role(this ClaimsPrincipal user) =>
        Enum.TryParse<ApiRole>(user.FindFirstValue(ClaimTypes.Role), ignoreCase: true, out var role) ? role : ApiRole.Viewer;
}
