using System.Net.Sockets;

namespace Orleans.Video.Media.Live;

/// <summary>
/// The live video output of one decoder run: the decoder's ffmpeg also writes the input's video, by stream copy,
/// as fragmented MP4 with one fragment per frame into a Unix socket this silo listens on, and the segments read
/// from it go to <see cref="RunAsync"/>'s callback. A copy costs about what recording does (no decoding, no
/// encoding), and the same process serves analysis, recording and live view from one connection to the camera.
/// </summary>
public sealed class LiveOutput : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"orleans-video-live-{Guid.NewGuid():N}.sock");

    public LiveOutput()
    {
        _listener.Bind(new UnixDomainSocketEndPoint(_path));
        _listener.Listen(1);
    }

    /// <summary>
    /// The output's ffmpeg arguments: fragments at every frame, flushed at once (a fragment per keyframe would hold a
    /// frame back a whole GOP). A codec MP4 cannot hold fails ffmpeg before its first frame; <see cref="IsRefusal"/>
    /// recognises that, and the camera decodes again without live video. (The tee muxer's onfail=ignore would
    /// avoid the retry, but it hands the input's codec tag to the MP4 muxer, which refuses MPEG-TS's.)
    /// </summary>
    public IReadOnlyList<string> Arguments =>
    [
        "-map", "0:v:0", "-c:v", "copy", "-f", "mp4",
        "-movflags", "empty_moov+default_base_moof+frag_keyframe+frag_every_frame", "-flush_packets", "1",
        $"unix:{_path}",
    ];

    /// <summary>ffmpeg's words when the MP4 muxer cannot take the input's video.</summary>
    public static bool IsRefusal(string line) =>
        line.Contains("codec not currently supported in container", StringComparison.Ordinal)
        || (line.Contains("Tag ", StringComparison.Ordinal) && line.Contains("incompatible with output codec", StringComparison.Ordinal));

    /// <summary>Why this run has no live video (ffmpeg could not write the source as MP4); null while it has or before it started.</summary>
    public string? Error { get; private set; }

    /// <summary>Reads ffmpeg's live output until ffmpeg closes it or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(Action<LiveSegment> onSegment, TimeProvider clock, CancellationToken cancellationToken)
    {
        try
        {
            using var connection = await _listener.AcceptAsync(cancellationToken);
            await using var stream = new NetworkStream(connection, ownsSocket: false);
            var reader = new Fmp4Reader(stream, clock);
            try
            {
                while (await reader.ReadAsync(cancellationToken) is { } segment)
                {
                    onSegment(segment);
                }
            }
            catch (InvalidDataException e)
            {
                Error = $"live video: {e.Message}";
                // Read on into nothing: ffmpeg blocks on an output nobody reads, and with it the camera's analysis.
                await stream.CopyToAsync(Stream.Null, cancellationToken);
            }
            if (reader.Track is null)
            {
                Error ??= "live video: ffmpeg wrote no MP4 initialisation segment (see the silo log for its reason)";
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
        {
            // The decoder run ended.
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        File.Delete(_path);
    }
}
