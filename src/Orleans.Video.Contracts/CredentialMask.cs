using System.Text;

namespace Orleans.Video;

/// <summary>
/// Hides the credentials in URLs before text leaves the silo (a log line, an ffmpeg error, an API view): a camera
/// source is often <c>rtsp://user:password@host/…</c>, and ffmpeg repeats its input's URL in its errors.
/// </summary>
public static class CredentialMask
{
    public const string Mask = "***";

    /// <summary>
    /// <paramref name="text"/> with the user info of every URL in it (each "://" starts one) replaced by
    /// <see cref="Mask"/>: <c>rtsp://***@host/s</c>. Only the authority is looked at (up to the first '/', '?', '#' or
    /// white space), so an '@' in a path or query stays; the last '@' ends the user info, as it does for ffmpeg.
    /// </summary>
    public static string Masked(string text)
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
}
