using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Orleans.Video.Media;

/// <summary>Fails start-up on nonsensical camera settings, naming the key.</summary>
/// <param name="configuration">Where settings under the section's former name would be found (none in a test).</param>
public sealed class PipelineOptionsValidator(IConfiguration? configuration = null) : IValidateOptions<PipelineOptions>
{
    public ValidateOptionsResult Validate(string? name, PipelineOptions options)
    {
        var errors = new List<string>();
        // Renamed on 2026-12-07: settings under the old name would otherwise be ignored without a word.
        if (configuration?.GetSection(PipelineOptions.FormerSection).GetChildren().Any() == true)
        {
            errors.Add($"the section {PipelineOptions.FormerSection} is now {PipelineOptions.Section}: rename {PipelineOptions.FormerSection}:Key to " +
                $"{PipelineOptions.Section}:Key ({PipelineOptions.FormerSection}__Key to {PipelineOptions.Section}__Key)");
        }
        if (options.MaxInFlight is < 1 or > 64)
        {
            errors.Add($"{PipelineOptions.Section}:{nameof(options.MaxInFlight)} must be between 1 and 64");
        }
        if (options.DecoderThreads is < 0 or > 64)
        {
            errors.Add($"{PipelineOptions.Section}:{nameof(options.DecoderThreads)} must be between 0 (automatic) and 64");
        }
        if (!(options.MaxDecoderStartsPerSecond > 0))
        {
            errors.Add($"{PipelineOptions.Section}:{nameof(options.MaxDecoderStartsPerSecond)} must be positive");
        }
        if (!Enum.IsDefined(options.Hwaccel))
        {
            errors.Add($"{PipelineOptions.Section}:{nameof(options.Hwaccel)} must be none, vaapi, cuda or qsv");
        }
        Positive(options.AckTimeout, nameof(options.AckTimeout));
        Positive(options.StallTimeout, nameof(options.StallTimeout));
        Positive(options.InitialBackoff, nameof(options.InitialBackoff));
        Positive(options.MotionGateMaxIdle, nameof(options.MotionGateMaxIdle));
        Positive(options.MotionGateTrackedIdle, nameof(options.MotionGateTrackedIdle));
        if (options.MaxBackoff < options.InitialBackoff)
        {
            errors.Add($"{PipelineOptions.Section}:{nameof(options.MaxBackoff)} must not be shorter than {nameof(options.InitialBackoff)}");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

        void Positive(TimeSpan value, string key)
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{PipelineOptions.Section}:{key} must be positive");
            }
        }
    }
}
