using Microsoft.Extensions.Options;
using Orleans.Video.Storage.Results;

namespace Orleans.Video.Grains.Events;

/// <summary>Fails start-up on retention settings that would delete everything at once, or overflow a date.</summary>
public sealed class RetentionOptionsValidator : IValidateOptions<EventRetentionOptions>, IValidateOptions<DetectionStorageOptions>
{
    /// <summary>Longer ages are certainly mistakes, and "now minus the age" must stay a valid date.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(36_500);

    public ValidateOptionsResult Validate(string? name, EventRetentionOptions options)
    {
        var errors = new List<string>();
        if (options.MaxAge <= TimeSpan.Zero || options.MaxAge > MaxAge)
        {
            errors.Add($"{EventRetentionOptions.Section}:{nameof(options.MaxAge)} must be more than 0 and at most {MaxAge.TotalDays} days");
        }
        if (options.MaxPerCamera < 1)
        {
            errors.Add($"{EventRetentionOptions.Section}:{nameof(options.MaxPerCamera)} must be 1 or more");
        }
        if (options.CheckInterval <= TimeSpan.Zero)
        {
            errors.Add($"{EventRetentionOptions.Section}:{nameof(options.CheckInterval)} must be positive");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

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
