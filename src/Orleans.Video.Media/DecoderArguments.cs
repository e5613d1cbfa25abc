using System.Globalization;
using Orleans.Video.Sources;

namespace Orleans.Video.Media;

/// <summary>
/// The ffmpeg arguments of a decoder run and of a camera's recorder, one list item per argument: a source, a path or a
/// proxy URL is one item whatever it holds (spaces, quotes, leading dashes), so it can never become options of its own.
/// </summary>
public static class DecoderArguments
{
    /// <summary>
    /// A decoder run: the source (confined by <paramref name="access"/>), then up to three outputs: the recording, live
    /// video, and the frames, raw I420 on stdout.
    /// </summary>
    public static List<string> For(DecoderRequest request, SourceAccess access)
    {
        // -y: ffmpeg must never stop to ask on stdin whether it may overwrite an output.
        // The access's options come last: where they say how the source is read (the relay's -rtsp_transport tcp), they win.
        List<string> arguments = ["-hide_banner", "-nostats", "-y", .. Input(request), .. access.Arguments, "-i", access.Location];
        if (request.Record is { } target)
        {
            arguments.AddRange(Recording(target));
        }
        if (request.Live is { } live)
        {
            arguments.AddRange(live.Arguments);
        }
        arguments.AddRange(["-map", "0:v:0"]);
        if (request.MaxFrames is { } maxFrames)
        {
            arguments.AddRange(["-frames:v", maxFrames.ToString(CultureInfo.InvariantCulture)]);
        }
        if (request.KeyframeRate is { } keyframeRate)
        {
            arguments.AddRange(["-r", keyframeRate.ToString("0.###", CultureInfo.InvariantCulture)]);
        }
        // Area averaging: cameras are scaled down to the model's input, where it is the filter that does not alias (each
        // output pixel is the mean of the source pixels it covers), and it costs ffmpeg about 0.6 ms a 720p frame less
        // than the default bicubic.
        arguments.AddRange([
            "-an", "-sn", "-dn",
            "-vf", $"scale=w={request.InputWidth}:h={request.InputHeight}:force_original_aspect_ratio=decrease:force_divisible_by=2:flags=area",
            "-pix_fmt", "yuv420p",
            "-f", "rawvideo", "pipe:1",
        ]);
        return arguments;
    }

    /// <summary>
    /// The recording output, first of the three (then live video, then the frames): the input's video by stream copy into MPEG-TS segments. MPEG-TS because a
    /// segment cut short by a crash still decodes up to where it stops (no index written at the end, unlike MP4), and it
    /// is what HLS plays. ffmpeg lists a segment in the CSV only once it has closed it, so the list is what gets indexed.
    /// Timestamps run on across segments (no reset): playlists and clips join them without gaps.
    /// </summary>
    public static IReadOnlyList<string> Recording(RecordingTarget target) => [.. SegmentOptions(target), SegmentUrl(target)];

    /// <summary>
    /// The segment muxer's options for a recording target (the output's URL is <see cref="SegmentUrl"/>). Each packet
    /// goes to the file as it comes (<c>flush_packets</c>): else ffmpeg holds the last 32 KiB, a second or more of a
    /// sub stream, which a kill -9 of its silo would take with it; a write a frame costs next to nothing.
    /// </summary>
    public static IReadOnlyList<string> SegmentOptions(RecordingTarget target) =>
    [
        "-map", "0:v:0", "-c:v", "copy", "-f", "segment", "-segment_format", "mpegts", "-segment_format_options", "flush_packets=1",
        "-segment_time", target.SegmentLength.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture),
        "-segment_list", $"file:{target.SegmentList}", "-segment_list_type", "csv", "-segment_list_flags", "+live",
    ];

    /// <summary>Where the segments go: a file URL, so that no part of the path is read as a protocol.</summary>
    public static string SegmentUrl(RecordingTarget target) => $"file:{target.SegmentPattern}";

    /// <summary>
    /// How a network source is opened and read, shared with the recorder of a <c>recordSource</c>: at low latency (a
    /// half-second probe instead of five, no input buffering), and so that a dead source fails instead of hanging.
    /// </summary>
    public static IReadOnlyList<string> LiveSource(VideoSource source, RtspTransport transport)
    {
        List<string> reading = ["-fflags", "nobuffer", "-analyzeduration", "500000", "-probesize", "500000"];
        reading.AddRange(source.Scheme switch
        {
            // rtsp: interleaved TCP survives NAT and loss better than UDP; -timeout is the socket I/O timeout (µs).
            "rtsp" or "rtsps" => ["-rtsp_transport", transport == RtspTransport.Udp ? "udp" : "tcp", "-timeout", "10000000"],
            // Other protocols: a read that blocks for 10 s fails instead of hanging forever.
            _ => ["-rw_timeout", "10000000"],
        });
        return reading;
    }

    /// <summary>The arguments for a log line: credentials in URLs masked, an argument with spaces quoted to be read as one.</summary>
    public static string ForLog(IEnumerable<string> arguments) =>
        string.Join(' ', arguments.Select(SourceCredentials.MaskedText).Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? $"\"{a}\"" : a));

    /// <summary>How the source is decoded: threads, hardware, keyframes only, and for files the pace, loop and start.</summary>
    private static List<string> Input(DecoderRequest request)
    {
        var decoding = new List<string>();
        if (request.Threads > 0)
        {
            decoding.AddRange(["-threads", request.Threads.ToString(CultureInfo.InvariantCulture)]);
        }
        if (request.Hwaccel != HwAccel.None)
        {
            decoding.AddRange(["-hwaccel", request.Hwaccel.ToString().ToLowerInvariant()]);
        }
        if (request.KeyframeRate is not null)
        {
            // The decoder skips every other frame unread: most of decoding's cost is in the frames between keyframes.
            decoding.AddRange(["-skip_frame", "nokey"]);
        }
        var source = request.Source;
        if (!source.IsFile)
        {
            decoding.AddRange(LiveSource(source, request.Transport));
            return decoding;
        }
        if (request.Realtime)
        {
            decoding.Add("-re");
        }
        if (request.Loop)
        {
            decoding.AddRange(["-stream_loop", "-1"]);
        }
        if (request.Seek is { } seek && seek > TimeSpan.Zero)
        {
            // Before the input: ffmpeg seeks to the keyframe at or before it, then drops frames until it (accurate seek).
            decoding.AddRange(["-ss", seek.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture)]);
        }
        return decoding;
    }
}
