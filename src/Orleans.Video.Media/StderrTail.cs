using System.Text.RegularExpressions;

namespace Orleans.Video.Media;

/// <summary>The last lines ffmpeg wrote to stderr, kept so a failure can say what ffmpeg said.</summary>
public sealed partial class StderrTail(int capacity = 8)
{
    private readonly Queue<string> _lines = new();

    public void Add(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }
        lock (_lines)
        {
            if (_lines.Count == capacity)
            {
                _lines.Dequeue();
            }
            // ffmpeg repeats its input's URL in its errors, credentials and all; a failure's reason is logged and shown.
            _lines.Enqueue(SourceCredentials.MaskedText(line.Trim()));
        }
    }

    /// <summary>
    /// Why ffmpeg stopped, in its own words (its last one or two error lines, e.g. "tcp://…: Connection refused",
    /// "moov atom not found; x.mp4: Invalid data found when processing input"), without the version banner, the
    /// stream descriptions or the <c>[tcp @ 0x…]</c> prefixes. Empty when ffmpeg said nothing of the kind.
    /// </summary>
    public string Reason()
    {
        string[] lines;
        lock (_lines)
        {
            lines = [.. _lines];
        }
        var said = lines
            .Select(line => ComponentPrefix().Replace(line, ""))
            .Where(line => !IsChatter(line))
            .Distinct()
            .TakeLast(2);
        return string.Join("; ", said);
    }

    /// <summary>Lines ffmpeg prints on every run, failed or not: they never say why it stopped.</summary>
    private static bool IsChatter(string line) =>
        Chatter().IsMatch(line) || LibraryVersion().IsMatch(line);

    /// <remarks>"Opening '…/00004.ts' for writing" comes with every recorded segment: left in, a decoder that died for
    /// any reason would seem to have failed on its recording folder.</remarks>
    [GeneratedRegex(@"^(ffmpeg version|built with|configuration:|Input #|Output #|Stream #|Stream mapping|Duration:|Metadata:|encoder\s*:|handler_name|vendor_id|major_brand|minor_version|compatible_brands|creation_time|title\s*:|Press \[q\]|frame=|video:|Side data:|Last message repeated|Opening '.*' for writing$)")]
    private static partial Regex Chatter();

    [GeneratedRegex(@"^lib\w+\s+\d+\.\s*\d+\.\s*\d+ /")]
    private static partial Regex LibraryVersion();

    [GeneratedRegex(@"^\[[^\]]+ @ 0x[0-9a-f]+\]\s*")]
    private static partial Regex ComponentPrefix();
}
