using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

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
                cookie.SlidingExpiration = true;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
                cookie.Events.OnRedirectToLogin = context => Unauthorized.WriteAsync(context.HttpContext);
                cookie.Events.OnRedirectToAccessDenied = context => Unauthorized.WriteAsync(context.HttpContext);
            });
        services.AddAuthorization();
        return services;
    }
}
