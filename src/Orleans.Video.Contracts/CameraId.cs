using System.Text.RegularExpressions;

namespace Orleans.Video;

/// <summary>Camera ids are short, URL- and key-safe names.</summary>
public static partial class CameraId
{
    public const int MaxLength = 64;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex Pattern();

    /// <summary>Returns null when <paramref name="id"/> is valid, else why not.</summary>
    public static string? Validate(string? id) =>
        string.IsNullOrWhiteSpace(id) ? "id is required"
        : Pattern().IsMatch(id) ? null
        : $"id must be 1-{MaxLength} characters of letters, digits, '_', '-' or '.', starting with a letter or digit";
}
