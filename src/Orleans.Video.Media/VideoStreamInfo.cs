using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.Video.Media;

/// <summary>Codec, size and rate of a video stream as ffmpeg reports it on stderr.</summary>
public sealed record VideoStreamInfo(int Width, int Height, double? Fps, string Codec = "");

/// <summary>
/// Reads the input and output video stream lines ffmpeg prints before the first frame. We learn the sizes
/// here rather than by probing first because a live source (a listening tcp:// peer, a camera with one
/// session) may accept a single connection only.
/// </summary>
public sealed partial class FfmpegStreamInfoParser
{
    private bool _inOutputSection;

    public VideoStreamInfo? Input { get; private set; }
    public VideoStreamInfo? Output { get; private set; }

    [GeneratedRegex(@"Stream #\d+:\d+.*?: Video: (\w+).*?, (\d{1,5})x(\d{1,5})[ ,\[]")]
    private static partial Regex VideoLine();

    [GeneratedRegex(@", (\d+(?:\.\d+)?) fps")]
    private static partial Regex FpsPart();

    /// <summary>Feeds one stderr line; returns true when it completed the output stream info.</summary>
    public bool Add(string line)
    {
        if (line.StartsWith("Output #", StringComparison.Ordinal))
        {
            // A recording camera has a second output (the segments, by stream copy); the frames are the rawvideo one.
            _inOutputSection = line.Contains(", rawvideo,", StringComparison.Ordinal);
            return false;
        }
        if (line.StartsWith("Input #", StringComparison.Ordinal))
        {
            _inOutputSection = false;
            return false;
        }
        var match = VideoLine().Match(line);
        if (!match.Success)
        {
            return false;
        }
        var fpsMatch = FpsPart().Match(line);
        var info = new VideoStreamInfo(
            int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[3].ValueSpan, CultureInfo.InvariantCulture),
            fpsMatch.Success ? double.Parse(fpsMatch.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : null,
            match.Groups[1].Value);
        if (_inOutputSection)
        {
            Output ??= info;
            return Output == info;
        }
        Input ??= info;
        return false;
    }
}
