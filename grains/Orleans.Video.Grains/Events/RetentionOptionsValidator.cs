using Microsoft.Extensions.Options;
using Orleans.Video.Analytics;
using Orleans.Video.Storage.Results;

namespace Orleans.Video.Grains.Events;

/// <summary>Fails start-up on detection retention settings that would overflow a date; events' are checked with their other settings.</summary>
public sealed class RetentionOptionsValidator : IValidateOptions<DetectionStorageOptions>
{
    /// <summary>Longer ages are certainly mistakes, and "now minus the age" must stay a valid date.</summary>
    public static readonly TimeSpan MaxAge = EventOptions.LongestMaxAge;

    public ValidateOptionsResult Validate(string? name, DetectionStorageOptions options)
    {
        var errors = new List<string>();
        if (options.MaxAge < TimeSpan.Zero || options.MaxAge > MaxAge)
        {
            errors.Add($"{DetectionStorageOptions.Section}:{nameof(options.MaxAge)} must be 0 (keep forever) or at most {MaxAge.TotalDays} days");
        }
        if (options.FlushInterval < TimeSpan.Zero || options.FlushInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{DetectionStorageOptions.Section}:{nameof(options.FlushInterval)} must be between 0 (every frame) and 1 minute");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
