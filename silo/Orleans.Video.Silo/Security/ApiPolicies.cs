using Microsoft.AspNetCore.Authorization;

namespace Orleans.Video.Silo.Security;

/// <summary>
/// The authorization policies routes name: one per role, each admitting that role and those above it. A route with
/// <c>RequireAuthorization()</c> alone admits every role (viewer and up).
/// </summary>
public static class ApiPolicies
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";

    public static AuthorizationBuilder AddVideoPolicies(this AuthorizationBuilder authorization)
    {
        foreach (var role in Enum.GetValues<ApiRole>())
        {
            var admitted = Enum.GetValues<ApiRole>().Where(r => r.Allows(role)).Select(ApiKeyVerifier.RoleName).ToArray();
            authorization.AddPolicy(ApiKeyVerifier.RoleName(role), policy => policy.RequireAuthenticatedUser().RequireRole(admitted));
        }
        return authorization;
    }
}
