using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Orleans.Video.Silo.Security;

/// <summary>Authenticates requests that carry a key in <c>X-Api-Key</c>; answers challenges with a JSON 401, refusals with a JSON 403.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ApiKeyVerifier keys,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var supplied))
        {
            return AuthenticateResult.NoResult();
        }
        if (await keys.VerifyAsync(supplied.ToString()) is not { } key)
        {
            return AuthenticateResult.Fail("wrong API key");
        }
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(ApiKeyVerifier.Identity(key, SchemeName)), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Unauthorized.WriteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Forbidden.WriteAsync(Context);

    /// <summary>Compares in constant time, so the key cannot be guessed byte by byte from response times.</summary>
    public static bool Matches(string supplied, string expected) =>
        expected.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(supplied), Encoding.UTF8.GetBytes(expected));
}
