using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Orleans.Video.Media.Jobs;

/// <summary>
/// Reads a video file's stream and packets with ffprobe: enough to refuse what is not a video before a job is
/// accepted, and to cut it into chunks at keyframes. Packets are read, not decoded, so a file of hours takes seconds.
/// </summary>
public static partial class FileProbe
{
    /// <summary>Why the file is not a video a job can analyse (reading its header only), or null when it is.</summary>
    public static async Task<string?> RefusalAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            await StreamAsync(path, cancellationToken);
            return null;
        }
        catch (InvalidDataException e)
        {
            return e.Message;
        }
    }

    /// <summary>The file's first video stream and its keyframes.</summary>
    /// <exception cref="InvalidDataException">Not a video ffmpeg can read (the message says why, in ffprobe's words when it has them).</exception>
    public static async Task<VideoFile> ProbeAsync(string path, CancellationToken cancellationToken = default)
    {
        var (codec, width, height, rate, start) = await StreamAsync(path, cancellationToken);
        var packets = await RunAsync(
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,dts_time,flags", "-of", "csv=p=0", "file:" + path],
            cancellationToken);
        var times = new List<(double Time, bool Key)>();
        foreach (var line in packets.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(',');
            if (fields.Length < 3)
            {
                continue;
            }
            var time = Seconds(fields[0]) ?? Seconds(fields[1]);
            if (time is { } t)
            {
                times.Add((t, fields[2].Contains('K', StringComparison.Ordinal)));
            }
        }
        if (times.Count == 0)
        {
            throw new InvalidDataException(packets.Error.Length > 0 ? $"no video frames: {packets.Error}" : "no video frames");
        }
        // Packets come in decoding order; a frame's number is its place in presentation order.
        times.Sort((a, b) => a.Time.CompareTo(b.Time));
        var keyframes = new List<FileKeyframe>();
        for (var frame = 0; frame < times.Count; frame++)
        {
            if (times[frame].Key)
            {
                keyframes.Add(new FileKeyframe(frame, TimeSpan.FromSeconds(Math.Max(0, times[frame].Time - start))));
            }
        }
        return new VideoFile(codec, width, height, rate, times.Count, keyframes);
    }

    private static async Task<(string Codec, int Width, int Height, double Rate, double Start)> StreamAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"file not found: {path}");
        }
        if (new FileInfo(path).Length == 0)
        {
            throw new InvalidDataException("the file is empty");
        }
        var stream = await RunAsync(
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height,avg_frame_rate,r_frame_rate:format=start_time",
             "-of", "json", "file:" + path], cancellationToken);
        using var json = JsonDocument.Parse(stream.Output.Length > 0 ? stream.Output : "{}");
        if (!json.RootElement.TryGetProperty("streams", out var streams) || streams.GetArrayLength() == 0)
        {
            throw new InvalidDataException(stream.Error.Length > 0 ? $"not a video: {stream.Error}" : "not a video: the file has no video stream");
        }
        var video = streams[0];
        var codec = video.TryGetProperty("codec_name", out var name) ? name.GetString() ?? "" : "";
        var width = video.TryGetProperty("width", out var w) ? w.GetInt32() : 0;
        var height = video.TryGetProperty("height", out var h) ? h.GetInt32() : 0;
        var rate = Rate(video, "avg_frame_rate") ?? Rate(video, "r_frame_rate");
        if (width <= 0 || height <= 0 || rate is not > 0)
        {
            throw new InvalidDataException($"not a video ffmpeg can decode: stream {codec} {width}x{height} has no frame size or rate");
        }
        // ffmpeg's -ss counts from the file's start time, the earliest of its streams.
        var start = json.RootElement.TryGetProperty("format", out var format) && format.TryGetProperty("start_time", out var s)
            && double.TryParse(s.GetString(), CultureInfo.InvariantCulture, out var startTime) ? startTime : 0;
        return (codec, width, height, rate.Value, start);
    }

    [GeneratedRegex(@"^\[[^\]]+ @ 0x[0-9a-f]+\] ")]
    private static partial Regex LogPrefix();

    private static double? Rate(JsonElement stream, string property)
    {
        if (!stream.TryGetProperty(property, out var value) || value.GetString() is not { } text)
        {
            return null;
        }
        var parts = text.Split('/');
        return parts.Length == 2
            && double.TryParse(parts[0], CultureInfo.InvariantCulture, out var numerator)
            && double.TryParse(parts[1], CultureInfo.InvariantCulture, out var denominator)
            && numerator > 0 && denominator > 0
            ? numerator / denominator
            : null;
    }

    private static double? Seconds(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;

    private static async Task<(string Output, string Error)> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var (_, output, error) = await ToolProcess.RunAsync("ffprobe", arguments, cancellationToken);
        // ffprobe's own words, without its "[mov,mp4,… @ 0x…]" prefixes or the path: "moov atom not found; Invalid
        // data found when processing input".
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => LogPrefix().Replace(line, ""))
            .Select(line => line.Replace($"{arguments[^1]}: ", "", StringComparison.Ordinal))
            .Distinct();
        return (output, string.Join("; ", lines));
    }
}
