namespace Orleans.Video.Silo.Security;

/// <summary>The 401 every protected route answers without a valid key: a JSON problem, never a login redirect for API calls.</summary>
public static class Unauthorized
{
    public static Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Results.Problem(
            title: "Unauthorized",
            detail: $"send the API key in the {ApiKeyAuthenticationHandler.Header} header, or log in at /login",
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context);
    }
}
