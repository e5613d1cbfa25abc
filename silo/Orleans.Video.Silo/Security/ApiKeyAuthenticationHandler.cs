using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Orleans.Video.Silo.Security;

/// <summary>Authenticates requests that carry the configured key in <c>X-Api-Key</c>; answers challenges with a JSON 401.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    IOptions<ApiOptions> api,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var supplied))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (!Matches(supplied.ToString(), api.Value.Key))
        {
            return Task.FromResult(AuthenticateResult.Fail("wrong API key"));
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Unauthorized.WriteAsync(Context);

    /// <summary>Compares in constant time, so the key cannot be guessed byte by byte from response times.</summary>
    public static bool Matches(string supplied, string expected) =>
        expected.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(supplied), Encoding.UTF8.GetBytes(expected));
}
