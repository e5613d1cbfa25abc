using System.Globalization;
using System.Text;

namespace Orleans.Video.Sources;

/// <summary>
/// Follows the bytes an RTSP server sends over one connection, as they arrive in pieces, just far enough to see each
/// message's first line: interleaved media frames (<c>'$'</c>, channel, 16-bit length, data) are skipped, text messages
/// are a head up to the empty line plus <c>Content-Length</c> bytes of body. What the relay needs from it is the status
/// of each response, to refuse a redirect before ffmpeg sees it.
/// </summary>
public sealed class RtspResponseScanner
{
    private const int MaxHeadBytes = 64 * 1024;

    private readonly List<byte> _head = [];
    private int _frameHeader;
    private int _skip;

    /// <summary>Set once the stream stops making sense (a head too long to be one): the relay then closes the connection, since it could no longer see a redirect.</summary>
    public string? Broken { get; private set; }

    /// <summary>
    /// Reads the next piece; returns the redirect's target (its <c>Location</c>, or "" without one) when a 3xx response
    /// ends in it, else null.
    /// </summary>
    public string? Scan(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0 && Broken is null)
        {
            if (_skip > 0)
            {
                var skipped = Math.Min(_skip, data.Length);
                _skip -= skipped;
                data = data[skipped..];
            }
            else if (_frameHeader > 0)
            {
                // '$' was read; the channel and the two length bytes follow.
                _head.Add(data[0]);
                data = data[1..];
                if (--_frameHeader == 0)
                {
                    _skip = (_head[1] << 8) | _head[2];
                    _head.Clear();
                }
            }
            else if (_head.Count == 0 && data[0] == (byte)'$')
            {
                _frameHeader = 3;
                data = data[1..];
            }
            else
            {
                _head.Add(data[0]);
                data = data[1..];
                if (_head.Count > MaxHeadBytes)
                {
                    Broken = "an RTSP message head longer than 64 KiB";
                }
                else if (_head.Count >= 4 && _head[^1] == '\n' && _head[^2] == '\r' && _head[^3] == '\n' && _head[^4] == '\r')
                {
                    var head = Encoding.Latin1.GetString([.. _head]);
                    _head.Clear();
                    if (Redirect(head, out _skip) is { } location)
                    {
                        return location;
                    }
                }
            }
        }
        return null;
    }

    /// <summary>The target of a 3xx response, or null; <paramref name="body"/> is the length of the body that follows.</summary>
    private static string? Redirect(string head, out int body)
    {
        var lines = head.Split("\r\n");
        body = 0;
        string? location = null;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                body = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : 0;
            }
            else if (name.Equals("Location", StringComparison.OrdinalIgnoreCase))
            {
                location = value;
            }
        }
        // "RTSP/1.0 302 Found": a response (a request from the server, such as ANNOUNCE, starts with its method).
        var status = lines[0].Split(' ', 3);
        return status.Length >= 2 && status[0].StartsWith("RTSP/", StringComparison.Ordinal) && status[1].Length == 3 && status[1][0] == '3'
            ? location ?? ""
            : null;
    }
}
