using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;

namespace Orleans.Video.Silo.Security;

public static class SecurityExtensions
{
    private const string Either = "ApiKeyOrCookie";

    /// <summary>
    /// API key authentication: the <c>X-Api-Key</c> header for programs, a cookie set by <c>POST /auth/login</c>
    /// for browsers. Unauthenticated calls get a JSON 401.
    /// </summary>
    public static IServiceCollection AddVideoSecurity(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
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
                cookie.Events.OnRedirectToAccessDenied = context => Unauthorized.WriteAsync(context.HttpContext);
            });
        services.AddAuthorization();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            // Only the scheme: silos sit behind an ingress or nginx that ends TLS, at addresses not known here.
            // A forged X-Forwarded-Proto can only make a cookie Secure; client addresses are not taken from headers.
            options.ForwardedHeaders = ForwardedHeaders.XForwardedProto;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
        });
        return services;
    }

    /// <summary>Takes the request's scheme from the proxy in front (X-Forwarded-Proto), so HTTPS is seen as HTTPS.</summary>
    public static IApplicationBuilder UseVideoForwardedProto(this IApplicationBuilder app) => app.UseForwardedHeaders();
}
