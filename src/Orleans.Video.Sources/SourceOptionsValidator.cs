using Microsoft.Extensions.Options;

namespace Orleans.Video.Sources;

/// <summary>Fails start-up on a media root that cannot be a folder, naming the key, instead of ignoring it.</summary>
public sealed class SourceOptionsValidator : IValidateOptions<SourceOptions>
{
    public ValidateOptionsResult Validate(string? name, SourceOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.MediaRoots.Count; i++)
        {
            var root = options.MediaRoots[i];
            var key = $"{SourceOptions.Section}:{nameof(options.MediaRoots)}:{i}";
            if (string.IsNullOrWhiteSpace(root))
            {
                errors.Add($"{key} is empty; give a folder or leave the entry out");
            }
            else if (root.Contains('\0', StringComparison.Ordinal))
            {
                errors.Add($"{key} is not a path");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
