using Microsoft.Extensions.Options;

namespace Orleans.Video.Silo.Security;

/// <summary>An entry that is not an address or a range stops the silo at start: silently ignored, it would leave every user in one rate-limit bucket.</summary>
public sealed class TrustedProxyOptionsValidator : IValidateOptions<TrustedProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, TrustedProxyOptions options) =>
        options.Parse().Errors is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
