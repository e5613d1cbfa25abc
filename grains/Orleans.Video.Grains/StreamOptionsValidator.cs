using Microsoft.Extensions.Options;

namespace Orleans.Video.Grains;

/// <summary>Fails start-up on a stream poll interval outside what the queues can be read at, naming the key.</summary>
public sealed class StreamOptionsValidator : IValidateOptions<StreamOptions>
{
    public static readonly TimeSpan MinPollInterval = TimeSpan.FromMilliseconds(1);
    public static readonly TimeSpan MaxPollInterval = TimeSpan.FromSeconds(1);

    public ValidateOptionsResult Validate(string? name, StreamOptions options) =>
        options.PollInterval < MinPollInterval || options.PollInterval > MaxPollInterval
            ? ValidateOptionsResult.Fail($"{StreamOptions.Section}:{nameof(options.PollInterval)} is {options.PollInterval}; it must be between 1 ms and 1 s")
            : ValidateOptionsResult.Success;
}
