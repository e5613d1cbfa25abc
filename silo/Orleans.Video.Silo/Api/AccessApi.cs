using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orleans.Video.Client;
using Orleans.Video.Silo.Security;

namespace Orleans.Video.Silo.Api;

/// <summary>Who is calling (<c>/api/me</c>), API keys with roles (<c>/api/keys</c>, admin) and the audit log (<c>/api/audit</c>, admin).</summary>
public static class AccessApi
{
    public sealed record MeView(string Name, string Role);

    public sealed record KeyView(string Name, string Role, DateTimeOffset? Created, string? CreatedBy, bool Configured)
    {
        public static KeyView From(ApiKeyInfo key) =>
            new(key.Name, ApiKeyVerifier.RoleName(key.Role), key.Configured ? null : key.Created, key.CreatedBy, key.Configured);
    }

    public sealed record CreateKeyRequest(string? Name, string? Role);

    /// <summary>The key, shown this once.</summary>
    public sealed record CreatedKeyView(string Name, string Role, string Key);

    public sealed record AuditPageView(IReadOnlyList<AuditEntry> Items, string? Next);

    public static IEndpointRouteBuilder MapAccessApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", (HttpContext context) => TypedResults.Ok(new MeView(context.User.Identity!.Name!, ApiKeyVerifier.RoleName(context.User.Role()))))
            .RequireAuthorization(ApiPolicies.Viewer).WithTags("Access").WithSummary("The caller's key name and role (the web UI shows what the role may do).");
        var keys = app.MapGroup("/api/keys").RequireAuthorization(ApiPolicies.Admin).WithTags("Access");
        keys.MapGet("/", ListAsync).WithSummary("API keys: name, role (viewer, operator, admin), created, by whom; never the keys themselves.");
        keys.MapPost("/", CreateAsync).WithSummary("Create a key: {\"name\",\"role\"}; the answer holds the key, shown this once.");
        keys.MapDelete("/{name}", RevokeAsync).WithSummary("Revoke a key; requests and logins with it fail at once, on every silo.");
        app.MapGet("/api/audit", AuditAsync).RequireAuthorization(ApiPolicies.Admin).WithTags("Access").WithSummary(
            "Changes to cameras, jobs and keys, newest first: who (key:{name}, cli:{user}@{host}), what, to which, when; filtered by from, to, actor, action, target; paged with a cursor.");
        return app;
    }

    private static async Task<Ok<KeyView[]>> ListAsync(VideoClient video, ApiKeyVerifier verifier) =>
        TypedResults.Ok((await video.ListApiKeysAsync()).Prepend(verifier.Configured).Select(KeyView.From).ToArray());

    private static async Task<Results<Created<CreatedKeyView>, ProblemHttpResult>> CreateAsync(CreateKeyRequest request, VideoClient video)
    {
        if (ApiKeys.ValidateName(request.Name) is { } nameError)
        {
            return VideoApi.BadRequest(nameError);
        }
        if (string.Equals(request.Name, ApiKeyVerifier.ConfiguredName, StringComparison.OrdinalIgnoreCase))
        {
            return VideoApi.BadRequest($"'{ApiKeyVerifier.ConfiguredName}' is the configured key's name");
        }
        if (!Enum.TryParse<ApiRole>(request.Role, ignoreCase: true, out var role) || !Enum.IsDefined(role) || int.TryParse(request.Role, out _))
        {
            return VideoApi.BadRequest("role must be viewer, operator or admin");
        }
        try
        {
            var created = await video.CreateApiKeyAsync(request.Name!, role);
            return TypedResults.Created($"/api/keys/{Uri.EscapeDataString(created.Info.Name)}",
                new CreatedKeyView(created.Info.Name, ApiKeyVerifier.RoleName(role), created.Key));
        }
        catch (InvalidOperationException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "Conflict");
        }
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RevokeAsync(string name, VideoClient video)
    {
        if (string.Equals(name, ApiKeyVerifier.ConfiguredName, StringComparison.OrdinalIgnoreCase))
        {
            return VideoApi.BadRequest($"the configured key is changed in configuration ({ApiKeyVerifier.ConfiguredName}, env Api__Key), not revoked");
        }
        return await video.RevokeApiKeyAsync(name) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<AuditPageView>, ProblemHttpResult>> AuditAsync(
        VideoClient video, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? actor, [FromQuery] string? action,
        [FromQuery] string? target, [FromQuery] string? limit, [FromQuery] string? cursor)
    {
        if (!QueryText.TryTime(from, out var fromTime) || !QueryText.TryTime(to, out var toTime))
        {
            return VideoApi.BadRequest(QueryText.TimeRule);
        }
        if (!QueryText.TryLimit(limit, AuditQuery.MaxLimit, out var size, fallback: 100))
        {
            return VideoApi.BadRequest($"limit must be an integer between 1 and {AuditQuery.MaxLimit}");
        }
        long? before = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return VideoApi.BadRequest("cursor is not one this API returned");
            }
            before = id;
        }
        var page = await video.QueryAuditAsync(new AuditQuery(fromTime, toTime, QueryText.NullIfEmpty(actor), QueryText.NullIfEmpty(action),
            QueryText.NullIfEmpty(target), size, before));
        return TypedResults.Ok(new AuditPageView(page.Items, page.Next?.ToString(CultureInfo.InvariantCulture)));
    }
}
