using Microsoft.AspNetCore.Authentication.Cookies;

namespace Orleans.Video.Silo.Security;

/// <summary>
/// Cross-site request forgery: a page on another site can make the browser send the login cookie (a form post, a
/// fetch, a WebSocket, an EventSource), but not choose the <c>Origin</c> header the browser adds. So a request that
/// the login cookie authenticates must come from this site: an <c>Origin</c> (or, where a browser sends none, a
/// <c>Referer</c>) with the request's own scheme, host and port, or one of <see cref="ApiOptions.AllowedOrigins"/>;
/// a state change with neither is refused too. An <c>Origin</c> of another site is refused whatever authenticates the
/// request: the silo grants no CORS, so only a WebSocket or a form could come that way, and neither is a use of ours.
/// Programs send no <c>Origin</c>; with the <c>X-Api-Key</c> header they need none.
/// </summary>
public static class RequestOrigin
{
    public static IApplicationBuilder UseVideoOriginCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (Refusal(context) is { } refusal)
        {
            await Results.Problem(refusal, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden").ExecuteAsync(context);
            return;
        }
        await next(context);
    });

    /// <summary>Why the request may not go on, or null.</summary>
    public static string? Refusal(HttpContext context)
    {
        var request = context.Request;
        var byCookie = !request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header)
            && context.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme };
        var changes = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
        var allowed = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiOptions>>().Value.AllowedOrigins;
        var site = $"{request.Scheme}://{request.Host.Value}";
        if (request.Headers.Origin is [{ } origin, ..])
        {
            return Matches(origin, request, allowed) ? null : $"origin {origin} is not this site ({site}): only its own pages may use it from a browser (Api:AllowedOrigins)";
        }
        if (!byCookie || !changes || request.Path.StartsWithSegments("/auth/logout"))
        {
            // Same-origin GETs (and EventSource) carry no Origin; logins from programs carry none either. Logging out
            // is the one change not worth forging: at worst it ends a session.
            return null;
        }
        if (request.Headers.Referer is [{ } referer, ..])
        {
            return Matches(referer, request, allowed) ? null : $"referer {referer} is not this site ({site}): requests with the login cookie must come from its own pages";
        }
        return $"a change made with the login cookie must say where it comes from (an Origin header, as browsers send): none came; programs use the X-Api-Key header";
    }

    /// <summary>Whether <paramref name="origin"/> (an origin or a page's URL) has the request's scheme, host and port, or is allowed by name.</summary>
    public static bool Matches(string origin, HttpRequest request, IReadOnlyCollection<string> allowed)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return false;
        }
        if (allowed.Any(a => Uri.TryCreate(a, UriKind.Absolute, out var one) && SameOrigin(uri, one.Scheme, one.Host, one.Port)))
        {
            return true;
        }
        var host = request.Host;
        if (!host.HasValue)
        {
            return false;
        }
        var port = host.Port ?? (string.Equals(request.Scheme, "https", StringComparison.OrdinalIgnoreCase) ? 443 : 80);
        return SameOrigin(uri, request.Scheme, host.Host, port);
    }

    private static bool SameOrigin(Uri uri, string scheme, string host, int port) =>
        string.Equals(uri.Scheme, scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Host.Trim('[', ']'), host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)
        && uri.Port == port;
}
