using System.Text;

namespace Orleans.Video;

/// <summary>
/// Camera sources carry their camera's password (<c>rtsp://user:password@host/…</c>). Only admins see it: everyone else
/// sees <c>rtsp://user:***@host/…</c>, logs and error texts never carry it, and an edit that sends a masked source back
/// keeps the stored password (<see cref="Restore"/>), so a form filled from the masked view does not wipe it.
/// </summary>
public static class SourceCredentials
{
    /// <summary>What stands for a password that is not shown.</summary>
    public const string Mask = "***";

    /// <summary>The source with its password (or, without one, its whole user part) replaced by <see cref="Mask"/>.</summary>
    public static string Masked(string source) =>
        Split(source) is not { } parts
            ? source
            : parts.Prefix + (parts.User.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0 ? parts.User[..(colon + 1)] + Mask : Mask) + "@" + parts.After;

    /// <summary>
    /// <paramref name="text"/> (an ffmpeg error, a command line) with the user part of every URL in it (each "://" starts
    /// one) replaced by <see cref="Mask"/>: <c>rtsp://***@host/s</c>. Only the authority is looked at (up to the first '/',
    /// '?', '#' or blank), so an '@' in a path or query stays; the last '@' ends the user part, as it does for ffmpeg.
    /// </summary>
    public static string MaskedText(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return text;
        }
        var masked = new StringBuilder(text.Length);
        var copied = 0;
        while (scheme >= 0)
        {
            var start = scheme + 3;
            var end = start;
            while (end < text.Length && text[end] is not ('/' or '?' or '#') && !char.IsWhiteSpace(text[end]))
            {
                end++;
            }
            var at = end > start ? text.LastIndexOf('@', end - 1, end - start) : -1;
            if (at >= start)
            {
                masked.Append(text, copied, start - copied).Append(Mask);
                copied = at;
            }
            scheme = end < text.Length ? text.IndexOf("://", end, StringComparison.Ordinal) : -1;
        }
        return masked.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>Null when <paramref name="text"/> is null; else <see cref="MaskedText"/>.</summary>
    public static string? MaskedTextOrNull(string? text) => text is null ? null : MaskedText(text);

    /// <summary>Whether the source's user part carries the mask instead of a password.</summary>
    public static bool IsMasked(string source) =>
        Split(source) is { } parts && (parts.User == Mask || parts.User.EndsWith(":" + Mask, StringComparison.Ordinal));

    /// <summary>
    /// <paramref name="incoming"/> with the password of <paramref name="stored"/> put back where it says <see cref="Mask"/>;
    /// null when it says so but there is nothing to put back (no stored source, one without a password, or one for another
    /// scheme, host or port: the password must never be sent somewhere the admin who set it did not send it).
    /// An unmasked source is returned as it is.
    /// </summary>
    public static string? Restore(string incoming, string? stored)
    {
        if (!IsMasked(incoming))
        {
            return incoming;
        }
        if (stored is null || Split(stored) is not { } old || Split(incoming) is not { } parts
            || !string.Equals(parts.Prefix + HostAndPort(parts.After), old.Prefix + HostAndPort(old.After), StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        string user;
        if (parts.User == Mask)
        {
            user = old.User;
        }
        else
        {
            var oldColon = old.User.IndexOf(':', StringComparison.Ordinal);
            if (oldColon < 0)
            {
                return null;
            }
            user = parts.User[..^Mask.Length] + old.User[(oldColon + 1)..];
        }
        return parts.Prefix + user + "@" + parts.After;
    }

    /// <summary>"scheme://", the user part (before the last '@' of the authority), and what follows the '@'; null without a user part.</summary>
    private static (string Prefix, string User, string After)? Split(string source)
    {
        var start = source.IndexOf("://", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }
        start += 3;
        var end = source.IndexOfAny(['/', '?', '#'], start);
        var authority = end < 0 ? source[start..] : source[start..end];
        var at = authority.LastIndexOf('@');
        return at < 0 ? null : (source[..start], authority[..at], source[(start + at + 1)..]);
    }

    private static string HostAndPort(string rest) => rest.IndexOfAny(['/', '?', '#']) is var end and >= 0 ? rest[..end] : rest;
}
