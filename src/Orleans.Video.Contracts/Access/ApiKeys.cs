using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Orleans.Video;

/// <summary>How API keys look, and how they are stored: as the SHA-256 of the key, never the key.</summary>
public static partial class ApiKeys
{
    /// <summary>Keys the cluster makes start with this, so a leaked one is easy to recognise (and to search for).</summary>
    public const string Prefix = "ovk_";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex NamePattern();

    /// <summary>Returns null when <paramref name="name"/> is valid, else why not.</summary>
    public static string? ValidateName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "name is required"
        : NamePattern().IsMatch(name) ? null
        : "name must be 1-64 characters of letters, digits, '_', '-' or '.', starting with a letter or digit";

    /// <summary>A new key: 32 random bytes, URL-safe base64. Guessing one is out of reach, so a plain hash stores it safely.</summary>
    public static string New() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>What is stored and looked up: the lower-case hex SHA-256 of the key's UTF-8 bytes.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>At least this many roles' worth: whether <paramref name="role"/> may do what <paramref name="needed"/> may.</summary>
    public static bool Allows(this ApiRole role, ApiRole needed) => role >= needed;
}
