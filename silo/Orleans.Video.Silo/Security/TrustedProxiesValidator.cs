using Microsoft.Extensions.Options;

namespace Orleans.Video.Silo.Security;

/// <summary>A trusted proxy that is not an address or a range stops the silo at start: silently ignored, it would leave every user in one rate-limit bucket.</summary>
public sealed class TrustedProxiesValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options) =>
        options.ParseTrustedProxies().Errors is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
