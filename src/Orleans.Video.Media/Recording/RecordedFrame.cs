using System.Globalization;

namespace Orleans.Video.Media;

/// <summary>
/// One frame of a recorded segment as a small JPEG: what the Recordings timeline shows under the pointer. ffmpeg
/// seeks in the segment file (its start is a keyframe, so at most a segment's frames are decoded) and scales.
/// </summary>
public static class RecordedFrame
{
    public const int MinWidth = 64;
    public const int MaxWidth = 1280;

    /// <param name="path">The segment file.</param>
    /// <param name="offset">From the segment's first frame.</param>
    /// <returns>The JPEG; null when ffmpeg found no frame there (a damaged or cut file).</returns>
    public static async Task<byte[]?> ExtractAsync(string path, TimeSpan offset, int width, CancellationToken cancellationToken)
    {
        var tail = new StderrTail();
        List<string> arguments =
        [
            "-hide_banner", "-nostats", "-protocol_whitelist", "file",
            "-ss", Math.Max(0, offset.TotalSeconds).ToString("0.###", CultureInfo.InvariantCulture), "-i", path,
            "-map", "0:v:0", "-frames:v", "1", "-vf", FormattableString.Invariant($"scale={width}:-2"), "-q:v", "5",
            "-f", "image2", "-c:v", "mjpeg", "pipe:1",
        ];
        using var ffmpeg = FfmpegProcess.Start(arguments, tail.Add, readsOutput: true);
        using var cancel = cancellationToken.Register(() => ffmpeg.Quit(TimeSpan.Zero));
        using var jpeg = new MemoryStream();
        try
        {
            await ffmpeg.Output.CopyToAsync(jpeg, cancellationToken);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            ffmpeg.Quit(TimeSpan.Zero);
        }
        var exitCode = await ffmpeg.WaitForExitAsync();
        return exitCode == 0 && jpeg.Length > 0 && !cancellationToken.IsCancellationRequested ? jpeg.ToArray() : null;
    }
}
