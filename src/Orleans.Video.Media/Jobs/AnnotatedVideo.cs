using System.Globalization;
using System.Text;

namespace Orleans.Video.Media.Jobs;

/// <summary>
/// A job's annotated output: each chunk re-encoded (H.264) with its detections' boxes drawn by ffmpeg, as MPEG-TS
/// segments a worker writes next to the job's other files, then joined by stream copy into one MP4. ffmpeg draws the
/// boxes itself: a <c>drawbox</c> per box a frame can hold, moved frame by frame by a <c>sendcmd</c> script, so no
/// frame passes through .NET.
/// </summary>
public static class AnnotatedVideo
{
    /// <summary>Boxes drawn in a frame at most; a frame with more shows the first this many.</summary>
    public const int MaxBoxes = 16;

    /// <summary>Where a box slot goes when it has nothing to show (drawbox's 0 width means the whole picture).</summary>
    private const string Hidden = "-10000";

    /// <summary>The segment of chunk <paramref name="index"/> in the job's folder.</summary>
    public static string Segment(string jobFolder, int index) => Path.Combine(jobFolder, "annotated", $"{index:D6}.ts");

    /// <summary>The joined output in the job's folder.</summary>
    public static string Output(string jobFolder) => Path.Combine(jobFolder, "annotated.mp4");

    /// <summary>
    /// Re-encodes the chunk's frames with boxes drawn: each analysed frame's boxes (the frame's number from the
    /// chunk's start) stay until the next analysed frame.
    /// </summary>
    /// <returns>Null, or why ffmpeg failed.</returns>
    public static async Task<string?> RenderAsync(
        string source, TimeSpan seek, int frames, double frameRate, IReadOnlyList<(int Frame, IReadOnlyList<Box> Boxes)> analysed,
        string segment, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(segment)!);
        var slots = Math.Clamp(analysed.Count == 0 ? 1 : analysed.Max(frame => frame.Boxes.Count), 1, MaxBoxes);
        var script = segment + ".cmd";
        var commands = Commands(analysed, frameRate, slots);
        await File.WriteAllTextAsync(script, commands, cancellationToken);
        try
        {
            // setpts zero-bases the chunk's times, which the script's are relative to. A chunk that found nothing has
            // no commands, which sendcmd refuses: it is only re-encoded.
            var boxes = string.Join(',', Enumerable.Range(0, slots).Select(slot => $"drawbox@b{slot}=x={Hidden}:y={Hidden}:w=1:h=1:color=lime@0.9:t=3"));
            var filter = commands.Length == 0 ? "setpts=PTS-STARTPTS" : $"setpts=PTS-STARTPTS,sendcmd=f='{Escape(script)}',{boxes}";
            var seekArguments = seek > TimeSpan.Zero ? ["-ss", seek.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture)] : Array.Empty<string>();
            return await RunAsync(
                ["-hide_banner", "-nostats", "-loglevel", "error", .. seekArguments, "-i", "file:" + source, "-map", "0:v:0", "-frames:v", frames.ToString(CultureInfo.InvariantCulture),
                 "-vf", filter, "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p", "-threads", "1", "-f", "mpegts", "-y", "file:" + segment],
                cancellationToken, lowPriority: true);
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>Joins the segments, in order, into one MP4 by stream copy (its index in front, for players).</summary>
    public static async Task<string?> JoinAsync(IReadOnlyList<string> segments, string output, CancellationToken cancellationToken)
    {
        var list = output + ".ffconcat";
        var text = new StringBuilder("ffconcat version 1.0\n");
        foreach (var segment in segments)
        {
            text.Append("file '").Append(segment.Replace("'", @"'\''", StringComparison.Ordinal)).Append("'\n");
        }
        await File.WriteAllTextAsync(list, text.ToString(), cancellationToken);
        try
        {
            return await RunAsync(
                ["-hide_banner", "-nostats", "-loglevel", "error", "-f", "concat", "-safe", "0", "-i", "file:" + list, "-map", "0:v:0", "-c", "copy",
                 "-movflags", "+faststart", "-y", "file:" + output], cancellationToken);
        }
        finally
        {
            File.Delete(list);
        }
    }

    /// <summary>
    /// The sendcmd script: at each analysed frame (half a frame early, so float times never miss it) every slot moves
    /// to its box or away. Only changes are written.
    /// </summary>
    public static string Commands(IReadOnlyList<(int Frame, IReadOnlyList<Box> Boxes)> analysed, double frameRate, int slots)
    {
        var text = new StringBuilder();
        var shown = new Box?[slots];
        foreach (var (frame, boxes) in analysed)
        {
            var changes = new List<string>();
            for (var slot = 0; slot < slots; slot++)
            {
                Box? box = slot < boxes.Count ? boxes[slot] : null;
                if (box == shown[slot])
                {
                    continue;
                }
                shown[slot] = box;
                if (box is { } b)
                {
                    changes.Add(string.Create(CultureInfo.InvariantCulture,
                        $"drawbox@b{slot} x {b.X:0}, drawbox@b{slot} y {b.Y:0}, drawbox@b{slot} w {Math.Max(1, b.Width):0}, drawbox@b{slot} h {Math.Max(1, b.Height):0}"));
                }
                else
                {
                    changes.Add($"drawbox@b{slot} x {Hidden}, drawbox@b{slot} y {Hidden}");
                }
            }
            if (changes.Count > 0)
            {
                var at = Math.Max(0, (frame - 0.5) / frameRate);
                text.Append(at.ToString("0.######", CultureInfo.InvariantCulture)).Append(' ').AppendJoin(", ", changes).Append(";\n");
            }
        }
        return text.ToString();
    }

    /// <summary>A path inside a filter graph's quoted option: backslashes and quotes escaped, as ffmpeg's parser reads them.</summary>
    private static string Escape(string path) => path.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("'", @"'\\''", StringComparison.Ordinal).Replace(":", @"\:", StringComparison.Ordinal);

    private static async Task<string?> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool lowPriority = false)
    {
        // Encoding is the costliest part of a job: it runs below the cameras, as chunk decoders do.
        var (exitCode, _, error) = await ToolProcess.RunAsync("ffmpeg", arguments, cancellationToken, lowPriority);
        return exitCode == 0 ? null : $"ffmpeg exited with code {exitCode}: {error.Trim()}";
    }
}
