using System.Globalization;
using System.Text;

namespace Orleans.Video.Media;

/// <summary>
/// Writes an HLS video-on-demand playlist (RFC 8216) of playback pieces: a trimmed piece is a byte range of its
/// segment (every piece has its EXT-X-BYTERANGE), a piece after a gap or from another decoder carries EXT-X-DISCONTINUITY, and each
/// stretch says its wall-clock time (EXT-X-PROGRAM-DATE-TIME) so a player can show when it was recorded.
/// </summary>
public static class HlsPlaylist
{
    /// <param name="uriOf">The URI of a segment, relative to the playlist.</param>
    public static string Write(IReadOnlyList<PlaybackPiece> pieces, Func<RecordedSegment, string> uriOf)
    {
        var text = new StringBuilder();
        var longest = pieces.Count == 0 ? 1 : (int)Math.Ceiling(pieces.Max(p => p.Duration.TotalSeconds));
        // Version 4 brings EXT-X-BYTERANGE.
        text.Append("#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{longest}\n#EXT-X-MEDIA-SEQUENCE:0\n");
        for (var i = 0; i < pieces.Count; i++)
        {
            var piece = pieces[i];
            if (piece.Discontinuity)
            {
                text.Append("#EXT-X-DISCONTINUITY\n");
            }
            if (i == 0 || piece.Discontinuity)
            {
                text.Append(CultureInfo.InvariantCulture, $"#EXT-X-PROGRAM-DATE-TIME:{piece.Start.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}\n");
            }
            text.Append(CultureInfo.InvariantCulture, $"#EXTINF:{piece.Duration.TotalSeconds:0.000},\n");
            // Every piece says its bytes, whole segments too: a client that keeps an HTTP connection open across
            // segments must not carry one piece's range over to the next (ffmpeg 5's HLS reader does).
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-BYTERANGE:{piece.Length}@{piece.Offset}\n");
            text.Append(uriOf(piece.Segment)).Append('\n');
        }
        text.Append("#EXT-X-ENDLIST\n");
        return text.ToString();
    }
}
