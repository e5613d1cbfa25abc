using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Orleans.Video.Silo.Security;

/// <summary>Browser login: trade an API key for an HTTP-only cookie (with the key's role), and back.</summary>
public static class AuthEndpoints
{
    public sealed record LoginRequest(string? Key);

    public static IEndpointRouteBuilder MapVideoAuth(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/auth").WithTags("Auth");
        auth.MapPost("/login", LoginAsync).RequireRateLimiting(RateLimits.LoginPolicy)
            .WithSummary("Log in with an API key; sets the session cookie the web UI uses, with the key's role.");
        auth.MapPost("/logout", LogoutAsync).WithSummary("Clear the session cookie.");
        return app;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> LoginAsync(LoginRequest request, HttpContext context, ApiKeyVerifier keys)
    {
        if (request.Key is null || await keys.VerifyAsync(request.Key) is not { } key)
        {
            return TypedResults.Problem("wrong API key", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        }
        var identity = ApiKeyVerifier.Identity(key, CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> LogoutAsync(HttpContext context, CancellationToken cancellationToken)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }
}
