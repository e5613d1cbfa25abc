using System.Security.Claims;

namespace Orleans.Video.Silo.Security;

/// <summary>The 403 a valid key gets for a route its role may not use: a JSON problem that names the role.</summary>
public static class Forbidden
{
    public static Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        var role = context.User.FindFirstValue(ClaimTypes.Role) ?? "none";
        return Results.Problem(
            title: "Forbidden",
            detail: $"the key '{context.User.Identity?.Name}' has the role {role}, which may not do this",
            statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
    }
}
