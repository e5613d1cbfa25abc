using Microsoft.Extensions.Options;

namespace Orleans.Video.Grains.Cluster;

/// <summary>Fails start-up on nonsensical "Cameras" settings, naming the key.</summary>
public sealed class CameraClusterOptionsValidator : IValidateOptions<CameraClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, CameraClusterOptions options)
    {
        var errors = new List<string>();
        if (options.SweepInterval <= TimeSpan.Zero)
        {
            errors.Add($"{CameraClusterOptions.Section}:{nameof(options.SweepInterval)} must be positive");
        }
        if (options.MaxMovesPerSweep < 0)
        {
            errors.Add($"{CameraClusterOptions.Section}:{nameof(options.MaxMovesPerSweep)} must not be negative");
        }
        if (options.ColdStartSettle < TimeSpan.Zero || options.ColdStartSettle > CameraClusterOptions.MaxColdStartSettle)
        {
            errors.Add($"{CameraClusterOptions.Section}:{nameof(options.ColdStartSettle)} must be between 0 and {CameraClusterOptions.MaxColdStartSettle.TotalSeconds:0} s");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
