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
    /// The output's ffmpeg arguments. Through the tee muxer with <c>onfail=ignore</c> and a null second output:
    /// a codec MP4 cannot hold (or a viewer side that stopped reading) ends the live output, never the decoder.
    /// Fragments at every frame and flushed at once: a fragment per keyframe would hold a frame back a whole GOP.
    /// </summary>
    public string Arguments =>
        "-map 0:v:0 -c:v copy -f tee " +
        $"\"[f=mp4:movflags=empty_moov+default_base_moof+frag_keyframe+frag_every_frame:flush_packets=1:onfail=ignore]unix:{_path}|[f=null]-\"";

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
            while (await reader.ReadAsync(cancellationToken) is { } segment)
            {
                onSegment(segment);
            }
            if (reader.Track is null)
            {
                Error = "the source's video cannot be remuxed to MP4 for live view (see the silo log for ffmpeg's reason)";
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
        {
            // The decoder run ended.
        }
        catch (InvalidDataException e)
        {
            Error = $"live video: {e.Message}";
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        File.Delete(_path);
    }
}
