using Microsoft.Extensions.Options;

namespace Orleans.Video.Media;

/// <summary>Fails start-up on storage settings that cannot work, naming the key.</summary>
public sealed class MediaStorageOptionsValidator : IValidateOptions<MediaStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaStorageOptions options)
    {
        var errors = new List<string>();
        const string section = MediaStorageOptions.Section;
        if (options.Root.Contains('\0', StringComparison.Ordinal) || (options.Enabled && !Path.IsPathFullyQualified(options.Root)))
        {
            errors.Add($"{section}:{nameof(options.Root)} must be an absolute folder path (or empty to record nothing)");
        }
        if (options.SegmentLength < TimeSpan.FromSeconds(1) || options.SegmentLength > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{section}:{nameof(options.SegmentLength)} must be between 1 second and 1 minute");
        }
        if (options.IndexInterval < TimeSpan.Zero || options.IndexInterval > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{section}:{nameof(options.IndexInterval)} must be between 0 and 10 minutes");
        }
        if (options.MaxBytes < 0)
        {
            errors.Add($"{section}:{nameof(options.MaxBytes)} must be 0 (no cap) or a number of bytes");
        }
        if (options.MinFreeBytes < 0)
        {
            errors.Add($"{section}:{nameof(options.MinFreeBytes)} must be 0 or a number of bytes");
        }
        if (options.MaxClipLength <= TimeSpan.Zero || options.MaxPlaylistLength <= TimeSpan.Zero)
        {
            errors.Add($"{section}:{nameof(options.MaxClipLength)} and {nameof(options.MaxPlaylistLength)} must be positive");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
