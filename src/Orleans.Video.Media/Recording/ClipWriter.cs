using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Orleans.Video.Media;

/// <summary>
/// Joins playback pieces into one MP4 by stream copy, written to a stream as ffmpeg makes it: fragmented MP4, so
/// the first bytes leave before the last segment is read and a download of an hour starts at once. ffmpeg's concat
/// demuxer reads the pieces, trimmed ones through the subfile protocol, so nothing is re-encoded.
/// </summary>
public sealed partial class ClipWriter(ILogger<ClipWriter> logger)
{
    /// <summary>How long ffmpeg gets to quit when the clip is abandoned: nothing it would still write is wanted.</summary>
    private static readonly TimeSpan QuitGrace = TimeSpan.Zero;

    /// <param name="to">Where the clip ends: the last piece runs on to a keyframe; the output is cut at this time.</param>
    public async Task WriteAsync(IReadOnlyList<PlaybackPiece> pieces, DateTimeOffset to, Stream output, CancellationToken cancellationToken)
    {
        if (await RunAsync(pieces, to, output, ["-movflags", "frag_keyframe+empty_moov+default_base_moof", "-f", "mp4", "pipe:1"], cancellationToken) is { } error)
        {
            LogFailed(logger, error);
        }
    }

    /// <summary>Writes the clip to a file, as a plain MP4 with its index in front (a file to seek in, not a download to start at once).</summary>
    /// <returns>Null, or why ffmpeg failed.</returns>
    public Task<string?> WriteFileAsync(IReadOnlyList<PlaybackPiece> pieces, DateTimeOffset to, string path, CancellationToken cancellationToken) =>
        RunAsync(pieces, to, output: null, ["-movflags", "+faststart", "-y", path], cancellationToken);

    /// <param name="output">Where ffmpeg's stdout goes (the clip, when <paramref name="outputArguments"/> end in <c>pipe:1</c>), or null.</param>
    private static async Task<string?> RunAsync(
        IReadOnlyList<PlaybackPiece> pieces, DateTimeOffset to, Stream? output, IReadOnlyList<string> outputArguments, CancellationToken cancellationToken)
    {
        var list = Path.Combine(Path.GetTempPath(), $"orleans-video-clip-{Guid.NewGuid():N}.ffconcat");
        await File.WriteAllTextAsync(list, ConcatList(pieces), cancellationToken);
        try
        {
            var length = pieces.Sum(p => p.Duration.TotalSeconds) - Math.Max(0, (pieces[^1].End - to).TotalSeconds);
            var tail = new StderrTail();
            List<string> arguments =
            [
                "-hide_banner", "-nostats", "-protocol_whitelist", "file,subfile", "-f", "concat", "-safe", "0", "-i", list,
                "-map", "0:v:0", "-c", "copy", "-t", length.ToString("0.###", CultureInfo.InvariantCulture), .. outputArguments,
            ];
            using var ffmpeg = FfmpegProcess.Start(arguments, tail.Add, readsOutput: output is not null);
            using var cancel = cancellationToken.Register(() => ffmpeg.Quit(QuitGrace));
            if (output is not null)
            {
                try
                {
                    await ffmpeg.Output.CopyToAsync(output, cancellationToken);
                }
                catch (Exception e) when (e is IOException or OperationCanceledException)
                {
                    ffmpeg.Quit(QuitGrace);
                    if (!cancellationToken.IsCancellationRequested)
                    {
                        // The clip's reader went away without cancelling.
                        await ffmpeg.WaitForExitAsync();
                        return $"the clip could not be written: {e.Message}";
                    }
                }
            }
            var exitCode = await ffmpeg.WaitForExitAsync();
            return cancellationToken.IsCancellationRequested || exitCode == 0 ? null : $"ffmpeg exited with code {exitCode}: {tail.Reason()}";
        }
        finally
        {
            File.Delete(list);
        }
    }

    /// <summary>An ffconcat list: each piece's file (a byte range of it when trimmed) and its duration.</summary>
    public static string ConcatList(IReadOnlyList<PlaybackPiece> pieces)
    {
        var text = new StringBuilder("ffconcat version 1.0\n");
        foreach (var piece in pieces)
        {
            var file = piece.IsWhole ? piece.FullPath : $"subfile,,start,{piece.Offset},end,{piece.EndOffset ?? 0},,:{piece.FullPath}";
            text.Append("file '").Append(file.Replace("'", @"'\''", StringComparison.Ordinal)).Append("'\n");
            text.Append(CultureInfo.InvariantCulture, $"duration {piece.Duration.TotalSeconds:0.000}\n");
        }
        return text.ToString();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Clip export: {Error}")]
    private static partial void LogFailed(ILogger logger, string error);
}
