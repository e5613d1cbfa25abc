using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Orleans.Video.Silo.Security;

/// <summary>Browser login: trade the API key for an HTTP-only cookie, and back.</summary>
public static class AuthEndpoints
{
    public sealed record LoginRequest(string? Key);

    public static IEndpointRouteBuilder MapVideoAuth(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/auth").WithTags("Auth");
        auth.MapPost("/login", LoginAsync).WithSummary("Log in with the API key; sets the session cookie the web UI uses.");
        auth.MapPost("/logout", LogoutAsync).WithSummary("Clear the session cookie.");
        return app;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> LoginAsync(LoginRequest request, HttpContext context, IOptions<ApiOptions> api)
    {
        if (request.Key is null || !ApiKeyAuthenticationHandler.Matches(request.Key, api.Value.Key))
        {
            return TypedResults.Problem("wrong API key", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "browser")], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> LogoutAsync(HttpContext context, CancellationToken cancellationToken)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }
}
